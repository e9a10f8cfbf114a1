import { Prisma, type Tx } from "@bazaar/db";
import { DomainError } from "../errors";
import { categoryWithDescendants } from "./categories.service";
import { decodeCursor, encodeCursor, pageOf, type Page } from "./cursor";
import { productInclude, productView, type ProductView } from "./product-snapshot.service";
import type { ListProductsInput, ListTagsInput } from "./products.schema";

// Product lists for the seller (and, pinned to published rows, the storefront): keyset pages over
// (updatedAt desc, id desc). Offsets would shift under concurrent edits; a keyset never repeats a row,
// and a product edited mid-paging moves to the front, where an `updatedSince` poll finds it.

export type ProductFilter = Omit<ListProductsInput, "cursor" | "limit">;

/** The where clause of a filter; `tenantId` is repeated although row-level security already scopes. */
export async function productWhere(tx: Tx, tenantId: string, filter: ProductFilter): Promise<Prisma.ProductWhereInput> {
  const where: Prisma.ProductWhereInput[] = [{ tenantId }];
  if (filter.status) where.push({ status: filter.status });
  if (filter.storeId) where.push({ storeId: filter.storeId });
  if (filter.categoryId) where.push({ categoryId: { in: await categoryWithDescendants(tx, filter.categoryId) } });
  if (filter.collectionId) where.push({ collections: { some: { collectionId: filter.collectionId } } });
  if (filter.updatedSince) where.push({ updatedAt: { gte: filter.updatedSince } });
  if (filter.q) {
    where.push({
      OR: [{ title: { contains: filter.q, mode: "insensitive" } }, { variants: { some: { sku: { contains: filter.q, mode: "insensitive" } } } }],
    });
  }
  return { AND: where };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The rows after the cursor's (updatedAt, id) in descending order. */
export function afterCursor(cursor: string | undefined): Prisma.ProductWhereInput {
  if (!cursor) return {};
  const { k, id } = decodeCursor(cursor);
  const at = new Date(k);
  if (Number.isNaN(at.getTime()) || !UUID.test(id)) throw new DomainError("BAD_REQUEST", "invalid cursor: pass the nextCursor of the previous page", { cursor });
  return { OR: [{ updatedAt: { lt: at } }, { updatedAt: at, id: { lt: id } }] };
}

export const newestFirst = [{ updatedAt: "desc" }, { id: "desc" }] satisfies Prisma.ProductOrderByWithRelationInput[];

export async function listProducts(tx: Tx, tenantId: string, input: ListProductsInput): Promise<Page<ProductView>> {
  const { cursor, limit, ...filter } = input;
  const where = await productWhere(tx, tenantId, filter);
  const rows = await tx.product.findMany({
    where: { AND: [where, afterCursor(cursor)] },
    orderBy: newestFirst,
    take: limit + 1,
    include: productInclude,
  });
  return pageOf(rows, limit, (r) => r.updatedAt.toISOString(), productView);
}

/** The tenant's tags with how many products carry each, alphabetically, paged by tag. */
export async function listTags(tx: Tx, tenantId: string, input: ListTagsInput): Promise<Page<{ tag: string; products: number }>> {
  const after = input.cursor ? decodeCursor(input.cursor).k : null;
  const rows = await tx.$queryRaw<{ tag: string; products: bigint }[]>(Prisma.sql`
    SELECT t.tag, count(*) AS products
    FROM products p CROSS JOIN LATERAL jsonb_array_elements_text(p.tags) AS t(tag)
    WHERE p.tenant_id = ${tenantId}::uuid
      ${input.prefix ? Prisma.sql`AND starts_with(t.tag, ${input.prefix})` : Prisma.empty}
      ${after !== null ? Prisma.sql`AND t.tag > ${after}` : Prisma.empty}
    GROUP BY t.tag ORDER BY t.tag LIMIT ${input.limit + 1}`);
  const more = rows.length > input.limit;
  const items = (more ? rows.slice(0, input.limit) : rows).map((r) => ({ tag: r.tag, products: Number(r.products) }));
  const last = items[items.length - 1];
  return { items, nextCursor: more && last ? encodeCursor({ k: last.tag, id: last.tag }) : null };
}
