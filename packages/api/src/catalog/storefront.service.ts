import { asPlatform, withTenant, type Db } from "@bazaar/db";
import { NotFoundError } from "../errors";
import { pageOf, type Page } from "./cursor";
import { afterCursor, newestFirst, productWhere } from "./product-list.service";
import { productInclude, productView, type ProductView } from "./product-snapshot.service";
import type { GetPublishedProductInput, ListPublishedProductsInput } from "./storefront.schema";

// What shoppers see, before anyone signs in. The store is resolved in platform context (a storefront
// only knows its slug), then every product query runs in that store's tenant context and is pinned to
// PUBLISHED rows of that store: row-level security still scopes it, and a draft is never one filter
// away. A suspended tenant's storefront shows nothing.

export type PublishedProduct = Omit<ProductView, "version" | "tenantId">;

const published = ({ version: _v, tenantId: _t, ...rest }: ProductView): PublishedProduct => rest;

async function resolveStore(db: Db, ref: { storeId: string } | { storeSlug: string }) {
  const store = await asPlatform(db, async (tx) => {
    const found = await tx.store.findFirst({ where: "storeId" in ref ? { id: ref.storeId } : { slug: ref.storeSlug }, select: { id: true, tenantId: true } });
    const open = found && (await tx.tenant.count({ where: { id: found.tenantId, status: "ACTIVE", deletedAt: null } })) === 1;
    return open ? found : null;
  });
  if (!store) throw new NotFoundError("store", "storeId" in ref ? { storeId: ref.storeId } : { storeSlug: ref.storeSlug });
  return store;
}

export async function getPublishedProduct(db: Db, input: GetPublishedProductInput): Promise<PublishedProduct> {
  const store = await resolveStore(db, input);
  const row = await withTenant(db, store.tenantId, (tx) =>
    tx.product.findFirst({
      where: { tenantId: store.tenantId, storeId: store.id, status: "PUBLISHED", ...("handle" in input ? { handle: input.handle } : { id: input.productId }) },
      include: productInclude,
    }),
  );
  if (!row) throw new NotFoundError("product", "handle" in input ? { handle: input.handle } : { productId: input.productId });
  return published(productView(row));
}

export async function listPublishedProducts(db: Db, input: ListPublishedProductsInput): Promise<Page<PublishedProduct>> {
  const store = await resolveStore(db, input);
  return withTenant(db, store.tenantId, async (tx) => {
    const where = await productWhere(tx, store.tenantId, {
      status: "PUBLISHED",
      storeId: store.id,
      categoryId: input.categoryId,
      collectionId: input.collectionId,
      q: input.q,
      updatedSince: input.updatedSince,
    });
    const rows = await tx.product.findMany({ where: { AND: [where, afterCursor(input.cursor)] }, orderBy: newestFirst, take: input.limit + 1, include: productInclude });
    return pageOf(rows, input.limit, (r) => r.updatedAt.toISOString(), (r) => published(productView(r)));
  });
}
