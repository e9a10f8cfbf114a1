import type { Tx } from "@bazaar/db";
import { ConflictError, DomainError, NotFoundError } from "../errors";
import { PlanLimitError } from "../plans/plan-limit.error";
import { fitsLimit, PLANS } from "../plans/plans";
import { slugify } from "../tenants/slug";
import { lockActiveTenant } from "../tenants/tenant-guard";
import { matrixProblems, transition, variantTitle, type OptionSpec, type StatusAction } from "./product-rules";
import { bumpProduct, emitProductEvent, isPrismaError, loadProduct, type ProductView } from "./product-snapshot.service";
import type { CreateProductInput, UpdateProductInput, VariantInput } from "./products.schema";

// Products and their status. Every write first takes the tenant lock (lockActiveTenant): a suspended
// tenant changes nothing, and the product count cannot race past the plan limit.

export type ChangeSource = "api" | "csv-import";

/** BAD_REQUEST listing every problem of the option/variant matrix, before anything is written. */
export function assertMatrix(options: readonly OptionSpec[], variants: readonly { optionValues: Record<string, string> }[]): void {
  const problems = matrixProblems(options, variants.map((v) => v.optionValues));
  if (problems.length > 0) {
    throw new DomainError("BAD_REQUEST", `the variants do not match the options: ${problems.map((p) => p.message).join("; ")}`, { problems });
  }
}

/** CONFLICT naming every SKU that is repeated in the input or already used by the tenant. */
export async function assertSkusFree(tx: Tx, tenantId: string, skus: string[], exceptVariantId?: string): Promise<void> {
  const repeated = skus.filter((s, i) => skus.indexOf(s) !== i);
  const taken = await tx.productVariant.findMany({
    where: { tenantId, sku: { in: skus }, ...(exceptVariantId ? { id: { not: exceptVariantId } } : {}) },
    select: { sku: true },
  });
  const clashing = [...new Set([...repeated, ...taken.map((t) => t.sku)])];
  if (clashing.length > 0) throw new ConflictError(`SKU already in use: ${clashing.join(", ")}`, { skus: clashing });
}

export async function assertCategory(tx: Tx, categoryId: string | null | undefined): Promise<void> {
  if (!categoryId) return;
  if (!(await tx.category.findUnique({ where: { id: categoryId }, select: { id: true } }))) throw new NotFoundError("category", { categoryId });
}

async function assertHandleFree(tx: Tx, tenantId: string, handle: string, exceptProductId?: string): Promise<void> {
  const other = await tx.product.findFirst({ where: { tenantId, handle, ...(exceptProductId ? { id: { not: exceptProductId } } : {}) }, select: { id: true } });
  if (other) throw new ConflictError(`handle already in use: ${handle}`, { handle });
}

/** Every product of the tenant counts against the plan, archived ones too (they can come back). */
export function countProducts(tx: Tx, tenantId: string): Promise<number> {
  return tx.product.count({ where: { tenantId } });
}

/** Refuses `adding` more products beyond the plan. The caller holds the tenant lock. */
export async function assertProductRoom(tx: Tx, tenant: { id: string; plan: keyof typeof PLANS }, adding: number): Promise<void> {
  const used = await countProducts(tx, tenant.id);
  const limit = PLANS[tenant.plan].limits.products;
  if (!fitsLimit(limit, used, adding)) throw new PlanLimitError([{ resource: "products", plan: tenant.plan, limit, used }]);
}

export function variantRows(tenantId: string, productId: string, options: readonly OptionSpec[], variants: readonly VariantInput[], firstPosition = 0) {
  return variants.map((v, i) => ({
    tenantId,
    productId,
    sku: v.sku,
    title: variantTitle(options, v.optionValues),
    optionValues: v.optionValues,
    priceAmount: v.priceAmount,
    compareAtAmount: v.compareAtAmount,
    currency: v.currency,
    weightGrams: v.weightGrams,
    barcode: v.barcode,
    lowStockThreshold: v.lowStockThreshold,
    position: firstPosition + i,
  }));
}

/** A unique-index race the pre-checks could not see (a concurrent writer) is still a typed CONFLICT. */
export async function unlessTaken<T>(write: Promise<T>, what: Record<string, unknown>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isPrismaError(error, "P2002")) throw new ConflictError("the handle or a SKU is already in use", what);
    throw error;
  }
}

/** Creates a product with its options and variants; the tenant lock is the caller's (see createProduct). */
export async function insertProduct(
  tx: Tx,
  tenantId: string,
  actorId: string,
  input: CreateProductInput & { status?: "DRAFT" | "PUBLISHED" | "ARCHIVED" },
  source: ChangeSource,
): Promise<ProductView> {
  const handle = input.handle ?? slugify(input.title)?.slice(0, 120).replace(/-+$/, "");
  if (!handle) throw new DomainError("BAD_REQUEST", "the title gives no usable handle: pass one", { title: input.title });
  const status = input.status ?? "DRAFT";
  const created = await unlessTaken(
    tx.product.create({
      data: {
        tenantId,
        storeId: input.storeId,
        title: input.title,
        handle,
        description: input.description,
        categoryId: input.categoryId,
        tags: input.tags,
        status,
        publishedAt: status === "PUBLISHED" ? new Date() : null,
      },
      select: { id: true },
    }),
    { handle },
  );
  await tx.productOption.createMany({
    data: input.options.map((o, position) => ({ tenantId, productId: created.id, name: o.name, values: o.values, position })),
  });
  await unlessTaken(tx.productVariant.createMany({ data: variantRows(tenantId, created.id, input.options, input.variants) }), {
    skus: input.variants.map((v) => v.sku),
  });
  const product = await loadProduct(tx, tenantId, created.id);
  await emitProductEvent(tx, "catalog.product.created", product, actorId, ["created"], source);
  return product;
}

export async function createProduct(tx: Tx, tenantId: string, actorId: string, input: CreateProductInput): Promise<ProductView> {
  const tenant = await lockActiveTenant(tx, tenantId);
  if (!(await tx.store.findFirst({ where: { id: input.storeId, tenantId }, select: { id: true } }))) {
    throw new NotFoundError("store", { storeId: input.storeId });
  }
  await assertCategory(tx, input.categoryId);
  assertMatrix(input.options, input.variants);
  await assertSkusFree(
    tx,
    tenantId,
    input.variants.map((v) => v.sku),
  );
  if (input.handle) await assertHandleFree(tx, tenantId, input.handle);
  await assertProductRoom(tx, tenant, 1);
  return insertProduct(tx, tenantId, actorId, input, "api");
}

export function getProduct(tx: Tx, tenantId: string, productId: string): Promise<ProductView> {
  return loadProduct(tx, tenantId, productId);
}

export async function updateProduct(tx: Tx, tenantId: string, actorId: string, input: UpdateProductInput): Promise<ProductView> {
  await lockActiveTenant(tx, tenantId);
  const current = await loadProduct(tx, tenantId, input.productId);
  const data: { title?: string; handle?: string; description?: string; categoryId?: string | null; tags?: string[] } = {};
  if (input.title !== undefined && input.title !== current.title) data.title = input.title;
  if (input.handle !== undefined && input.handle !== current.handle) data.handle = input.handle;
  if (input.description !== undefined && input.description !== current.description) data.description = input.description;
  if (input.categoryId !== undefined && input.categoryId !== current.categoryId) data.categoryId = input.categoryId;
  if (input.tags !== undefined && JSON.stringify(input.tags) !== JSON.stringify(current.tags)) data.tags = input.tags;
  if (data.handle) await assertHandleFree(tx, tenantId, data.handle, current.id);
  await assertCategory(tx, data.categoryId);
  if (Object.keys(data).length === 0) {
    if (current.version !== input.version) await bumpProduct(tx, tenantId, current.id, input.version); // throws the conflict
    return current;
  }
  await unlessTaken(bumpProduct(tx, tenantId, current.id, input.version, data), { handle: data.handle });
  const product = await loadProduct(tx, tenantId, current.id);
  await emitProductEvent(tx, "catalog.product.updated", product, actorId, Object.keys(data));
  return product;
}

const STATUS_EVENT = {
  publish: "catalog.product.published",
  unpublish: "catalog.product.unpublished",
  archive: "catalog.product.archived",
} as const;

/**
 * Moves products through the legal transitions (product-rules.ts). All or nothing: one product that may
 * not move refuses the whole call with every reason in `details.refused`; products already in the
 * target status are left as they are.
 */
export async function changeStatus(
  tx: Tx,
  tenantId: string,
  actorId: string,
  action: StatusAction,
  productIds: string[],
  expectedVersion?: number,
): Promise<ProductView[]> {
  await lockActiveTenant(tx, tenantId);
  const ids = [...new Set(productIds)];
  const rows = await tx.product.findMany({
    where: { tenantId, id: { in: ids } },
    select: { id: true, status: true, version: true, _count: { select: { variants: true } } },
  });
  const stale = expectedVersion === undefined ? undefined : rows.find((r) => r.version !== expectedVersion);
  if (stale) {
    throw new ConflictError(`the product changed since version ${expectedVersion}; reload it (now version ${stale.version})`, {
      productId: stale.id,
      expectedVersion,
      currentVersion: stale.version,
    });
  }
  const missing = ids.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length > 0) throw new NotFoundError(missing.length === 1 ? "product" : "products", { productIds: missing });
  const refused: { productId: string; reason: string }[] = [];
  const moves: { id: string; to: "DRAFT" | "PUBLISHED" | "ARCHIVED" }[] = [];
  for (const row of rows) {
    const t = transition(row.status, action);
    if (t === "illegal") refused.push({ productId: row.id, reason: `an archived product goes back to draft before it is published` });
    else if (t !== "noop" && action === "publish" && row._count.variants === 0) refused.push({ productId: row.id, reason: "a product needs a priced variant to be published" });
    else if (t !== "noop") moves.push({ id: row.id, to: t.to });
  }
  if (refused.length > 0) throw new DomainError("PRECONDITION_FAILED", refused.map((r) => r.reason).join("; "), { refused });
  const after = new Map<string, ProductView>();
  for (const move of moves) {
    await bumpProduct(tx, tenantId, move.id, undefined, { status: move.to, publishedAt: move.to === "PUBLISHED" ? new Date() : null });
    const product = await loadProduct(tx, tenantId, move.id);
    await emitProductEvent(tx, STATUS_EVENT[action], product, actorId, ["status"]);
    after.set(move.id, product);
  }
  const result: ProductView[] = [];
  for (const id of ids) result.push(after.get(id) ?? (await loadProduct(tx, tenantId, id)));
  return result;
}
