import type { Prisma, Tx } from "@bazaar/db";
import { ConflictError, DomainError, NotFoundError } from "../errors";
import { getAsset } from "../media/media.service";
import { lockActiveTenant } from "../tenants/tenant-guard";
import { MAX_VARIANTS } from "./catalog.fields";
import { matrixProblems, variantTitle, type OptionValues } from "./product-rules";
import { bumpProduct, emitProductEvent, emitVariantEvent, isPrismaError, loadProduct, type ProductView } from "./product-snapshot.service";
import { assertMatrix, assertSkusFree, unlessTaken, variantRows } from "./products.service";
import type { AddVariantInput, RemoveVariantInput, SetImagesInput, SetOptionsInput, UpdateVariantInput } from "./products.schema";

// A product's children: variants, options and images. Each change bumps the product's version first
// (taking its row lock), then writes, then emits the product as it now is.

async function variantOf(tx: Tx, tenantId: string, variantId: string) {
  const variant = await tx.productVariant.findFirst({ where: { id: variantId, tenantId }, select: { id: true, productId: true, sku: true } });
  if (!variant) throw new NotFoundError("variant", { variantId });
  return variant;
}

export async function addVariant(tx: Tx, tenantId: string, actorId: string, input: AddVariantInput): Promise<ProductView> {
  await lockActiveTenant(tx, tenantId);
  await bumpProduct(tx, tenantId, input.productId, input.version);
  const product = await loadProduct(tx, tenantId, input.productId);
  if (product.variants.length >= MAX_VARIANTS) {
    throw new DomainError("PRECONDITION_FAILED", `a product has at most ${MAX_VARIANTS} variants`, { productId: product.id, limit: MAX_VARIANTS });
  }
  assertMatrix(product.options, [...product.variants, input.variant]);
  await assertSkusFree(tx, tenantId, [input.variant.sku]);
  const position = Math.max(-1, ...product.variants.map((v) => v.position)) + 1;
  const [row] = variantRows(tenantId, product.id, product.options, [input.variant], position);
  const created = await unlessTaken(tx.productVariant.create({ data: row!, select: { id: true, sku: true } }), { skus: [input.variant.sku] });
  const after = await loadProduct(tx, tenantId, product.id);
  await emitVariantEvent(tx, "catalog.variant.created", after, created, actorId);
  return after;
}

export async function updateVariant(tx: Tx, tenantId: string, actorId: string, input: UpdateVariantInput): Promise<ProductView> {
  await lockActiveTenant(tx, tenantId);
  const { productId } = await variantOf(tx, tenantId, input.variantId);
  await bumpProduct(tx, tenantId, productId, input.version);
  const product = await loadProduct(tx, tenantId, productId);
  const { variantId, version: _version, ...changes } = input;
  if (changes.optionValues) {
    const optionValues = changes.optionValues;
    assertMatrix(product.options, product.variants.map((v) => (v.id === variantId ? { optionValues } : v)));
  }
  if (changes.sku) await assertSkusFree(tx, tenantId, [changes.sku], variantId);
  const data: Prisma.ProductVariantUpdateInput = { ...changes };
  if (changes.optionValues) data.title = variantTitle(product.options, changes.optionValues);
  const updated = await unlessTaken(tx.productVariant.update({ where: { id: variantId }, data, select: { id: true, sku: true } }), {
    skus: changes.sku ? [changes.sku] : [],
  });
  const after = await loadProduct(tx, tenantId, productId);
  await emitVariantEvent(tx, "catalog.variant.updated", after, updated, actorId);
  return after;
}

export async function removeVariant(tx: Tx, tenantId: string, actorId: string, input: RemoveVariantInput): Promise<ProductView> {
  await lockActiveTenant(tx, tenantId);
  const variant = await variantOf(tx, tenantId, input.variantId);
  await bumpProduct(tx, tenantId, variant.productId, input.version);
  const product = await loadProduct(tx, tenantId, variant.productId);
  if (product.status === "PUBLISHED" && product.variants.length === 1) {
    throw new DomainError("PRECONDITION_FAILED", "a published product keeps at least one variant: unpublish or archive it first", { variantId: variant.id });
  }
  try {
    await tx.productVariant.delete({ where: { id: variant.id } });
  } catch (error) {
    if (isPrismaError(error, "P2003")) {
      throw new ConflictError(`variant ${variant.sku} has stock records; adjust them away in inventory first`, { variantId: variant.id, sku: variant.sku });
    }
    throw error;
  }
  const after = await loadProduct(tx, tenantId, variant.productId);
  await emitVariantEvent(tx, "catalog.variant.deleted", after, variant, actorId);
  return after;
}

/**
 * Replaces the options. Existing variants keep the values of options that remain, drop removed ones, and
 * take `fill[name]` for an added option; the resulting matrix must still be valid (no two variants
 * collapsing into one combination), else BAD_REQUEST and nothing changes.
 */
const sameValues = (a: OptionValues, b: OptionValues) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

export async function setOptions(tx: Tx, tenantId: string, actorId: string, input: SetOptionsInput): Promise<ProductView> {
  await lockActiveTenant(tx, tenantId);
  await bumpProduct(tx, tenantId, input.productId, input.version);
  const product = await loadProduct(tx, tenantId, input.productId);
  const remapped = product.variants.map((v) => {
    const values: OptionValues = {};
    for (const o of input.options) {
      const value = v.optionValues[o.name] ?? input.fill[o.name];
      if (value !== undefined) values[o.name] = value;
    }
    return { id: v.id, sku: v.sku, optionValues: values };
  });
  const problems = matrixProblems(input.options, remapped.map((v) => v.optionValues));
  if (problems.length > 0) {
    const named = problems.map((p) => (p.variant === null ? p : { ...p, sku: remapped[p.variant]?.sku }));
    throw new DomainError("BAD_REQUEST", `the variants would not match the options: ${problems.map((p) => p.message).join("; ")}`, { problems: named });
  }
  await tx.productOption.deleteMany({ where: { tenantId, productId: product.id } });
  await tx.productOption.createMany({
    data: input.options.map((o, position) => ({ tenantId, productId: product.id, name: o.name, values: o.values, position })),
  });
  for (const v of remapped) {
    const before = product.variants.find((p) => p.id === v.id)!;
    if (sameValues(before.optionValues, v.optionValues)) continue;
    await tx.productVariant.update({ where: { id: v.id }, data: { optionValues: v.optionValues, title: variantTitle(input.options, v.optionValues) } });
  }
  const after = await loadProduct(tx, tenantId, product.id);
  await emitProductEvent(tx, "catalog.product.updated", after, actorId, ["options"]);
  return after;
}

/**
 * Every asset must be the tenant's own (the media domain's `getAsset` reads under the same row-level
 * security, so another tenant's id is NOT_FOUND) and processed: a pending or rejected upload has no
 * renditions to show. No foreign key yet: media_assets has no (tenant_id, id) key to reference.
 */
async function assertAssetsReady(tx: Tx, tenantId: string, assetIds: string[]): Promise<void> {
  const notReady: { assetId: string; status: string }[] = [];
  for (const assetId of assetIds) {
    const asset = await getAsset(tx, tenantId, assetId);
    if (asset.status !== "READY") notReady.push({ assetId, status: asset.status });
  }
  if (notReady.length > 0) {
    throw new DomainError("PRECONDITION_FAILED", `only processed images can be shown: ${notReady.map((a) => `${a.assetId} is ${a.status.toLowerCase()}`).join(", ")}`, { notReady });
  }
}

export async function setImages(tx: Tx, tenantId: string, actorId: string, input: SetImagesInput): Promise<ProductView> {
  await lockActiveTenant(tx, tenantId);
  await bumpProduct(tx, tenantId, input.productId, input.version);
  await assertAssetsReady(
    tx,
    tenantId,
    input.images.map((i) => i.assetId),
  );
  await tx.productImage.deleteMany({ where: { tenantId, productId: input.productId } });
  await tx.productImage.createMany({
    data: input.images.map((img, position) => ({ tenantId, productId: input.productId, assetId: img.assetId, alt: img.alt, position })),
  });
  const after = await loadProduct(tx, tenantId, input.productId);
  await emitProductEvent(tx, "catalog.product.updated", after, actorId, ["images"]);
  return after;
}
