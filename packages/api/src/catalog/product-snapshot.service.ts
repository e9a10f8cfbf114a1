import type { Prisma, Tx } from "@bazaar/db";
import { enqueue, type CatalogProduct } from "@bazaar/events";
import { ConflictError, NotFoundError } from "../errors";
import type { OptionSpec, OptionValues, ProductStatusName } from "./product-rules";

// A product with its children, read in one query, as the API returns it and as every catalog event
// carries it. Also the version bump every product change goes through.

export const productInclude = {
  options: { orderBy: { position: "asc" } },
  variants: { orderBy: [{ position: "asc" }, { createdAt: "asc" }] },
  images: { orderBy: { position: "asc" } },
  collections: { select: { collectionId: true }, orderBy: { collectionId: "asc" } },
} as const satisfies Prisma.ProductInclude;

type ProductRow = Prisma.ProductGetPayload<{ include: typeof productInclude }>;

export interface VariantView {
  id: string;
  sku: string;
  title: string;
  optionValues: OptionValues;
  priceAmount: number;
  compareAtAmount: number | null;
  currency: string;
  weightGrams: number | null;
  barcode: string | null;
  lowStockThreshold: number | null;
  position: number;
}

export interface ProductView {
  id: string;
  tenantId: string;
  storeId: string;
  handle: string;
  title: string;
  description: string;
  status: ProductStatusName;
  categoryId: string | null;
  tags: string[];
  version: number;
  publishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  options: OptionSpec[];
  variants: VariantView[];
  images: { assetId: string; alt: string; position: number }[];
  collectionIds: string[];
}

export function productView(row: ProductRow): ProductView {
  return {
    id: row.id,
    tenantId: row.tenantId,
    storeId: row.storeId,
    handle: row.handle,
    title: row.title,
    description: row.description,
    status: row.status,
    categoryId: row.categoryId,
    tags: row.tags as string[],
    version: row.version,
    publishedAt: row.publishedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    options: row.options.map((o) => ({ name: o.name, values: o.values as string[] })),
    variants: row.variants.map((v) => ({
      id: v.id,
      sku: v.sku,
      title: v.title,
      optionValues: v.optionValues as OptionValues,
      priceAmount: v.priceAmount,
      compareAtAmount: v.compareAtAmount,
      currency: v.currency,
      weightGrams: v.weightGrams,
      barcode: v.barcode,
      lowStockThreshold: v.lowStockThreshold,
      position: v.position,
    })),
    images: row.images.map((i) => ({ assetId: i.assetId, alt: i.alt, position: i.position })),
    collectionIds: row.collections.map((c) => c.collectionId),
  };
}

export function toEventProduct(p: ProductView): CatalogProduct {
  const { createdAt: _createdAt, publishedAt, updatedAt, ...rest } = p;
  return { ...rest, publishedAt: publishedAt?.toISOString() ?? null, updatedAt: updatedAt.toISOString() };
}

export async function loadProduct(tx: Tx, tenantId: string, productId: string): Promise<ProductView> {
  const row = await tx.product.findFirst({ where: { id: productId, tenantId }, include: productInclude });
  if (!row) throw new NotFoundError("product", { productId });
  return productView(row);
}

/**
 * Increments the product's version (and updatedAt) with `data`, holding its row lock to the end of the
 * transaction so concurrent edits of one product serialize. With `expectedVersion`, a caller who read
 * an older version gets CONFLICT with the current one instead of overwriting a change it never saw.
 */
export async function bumpProduct(
  tx: Tx,
  tenantId: string,
  productId: string,
  expectedVersion: number | undefined,
  data: Prisma.ProductUncheckedUpdateManyInput = {},
): Promise<void> {
  const updated = await tx.product.updateMany({
    where: { id: productId, tenantId, ...(expectedVersion === undefined ? {} : { version: expectedVersion }) },
    data: { ...data, version: { increment: 1 } },
  });
  if (updated.count === 1) return;
  const current = await tx.product.findFirst({ where: { id: productId, tenantId }, select: { version: true } });
  if (!current) throw new NotFoundError("product", { productId });
  throw new ConflictError(`the product changed since version ${expectedVersion}; reload it (now version ${current.version})`, {
    productId,
    expectedVersion,
    currentVersion: current.version,
  });
}

type ProductEventType =
  | "catalog.product.created"
  | "catalog.product.updated"
  | "catalog.product.published"
  | "catalog.product.unpublished"
  | "catalog.product.archived";

export async function emitProductEvent(
  tx: Tx,
  type: ProductEventType,
  product: ProductView,
  actorId: string,
  changes: string[],
  source: "api" | "csv-import" = "api",
): Promise<void> {
  await enqueue(tx, {
    type,
    version: 1,
    tenantId: product.tenantId,
    aggregateId: product.id,
    payload: { product: toEventProduct(product), changes, source, actorId },
  });
}

export async function emitVariantEvent(
  tx: Tx,
  type: "catalog.variant.created" | "catalog.variant.updated" | "catalog.variant.deleted",
  product: ProductView,
  variant: { id: string; sku: string },
  actorId: string,
): Promise<void> {
  await enqueue(tx, {
    type,
    version: 1,
    tenantId: product.tenantId,
    aggregateId: product.id,
    payload: { variantId: variant.id, sku: variant.sku, product: toEventProduct(product), actorId },
  });
}

export function isPrismaError(error: unknown, code: string): boolean {
  return error instanceof Error && error.name === "PrismaClientKnownRequestError" && (error as { code?: string }).code === code;
}
