import type { Tx } from "../client";
import { buildSellerCatalog, categoryRows, type SellerCatalog } from "./catalog-build";
import { DEMO_SELLERS } from "./catalog-data";

// Writes the demo catalogue in platform context with createMany (one multi-row INSERT per table and
// batch) and skipDuplicates: every id is derived from a natural key, so a second run inserts nothing.
// Stock goes in with one RECEIPT movement per level, so the ledger rebuilds every level exactly.

export interface CatalogSeedSummary {
  categories: number;
  stores: number;
  products: number;
  variants: number;
  stockLevels: number;
}

/** `tenantIds`: slug → id of the demo tenants as they are in this database (normally their fixed ids). */
export async function seedDemoCatalog(tx: Tx, tenantIds: ReadonlyMap<string, string>): Promise<CatalogSeedSummary> {
  const sellers = DEMO_SELLERS.map((s) => ({ ...s, id: tenantIds.get(s.slug) ?? s.id }));
  for (const level of categoryRows()) await tx.category.createMany({ data: level, skipDuplicates: true });
  const categoryIds = new Map((await tx.category.findMany({ select: { id: true, slug: true } })).map((c) => [c.slug, c.id]));

  // Stores first, then read back: a slug already taken keeps its row, and the products follow that row.
  const storeRows = sellers.flatMap((s) => buildSellerCatalog(s, categoryIds, new Map()).stores);
  await tx.store.createMany({ data: storeRows, skipDuplicates: true });
  const existing = await tx.store.findMany({ where: { slug: { in: storeRows.map((s) => s.slug) } }, select: { id: true, slug: true, tenantId: true } });
  const storeIds = new Map(existing.filter((s) => storeRows.some((r) => r.slug === s.slug && r.tenantId === s.tenantId)).map((s) => [s.slug, s.id]));

  const rows = merge(sellers.map((seller) => buildSellerCatalog(seller, categoryIds, storeIds)));

  await tx.stockLocation.createMany({ data: rows.locations, skipDuplicates: true });
  await tx.collection.createMany({ data: rows.collections, skipDuplicates: true });
  await tx.product.createMany({ data: rows.products, skipDuplicates: true });
  await tx.productOption.createMany({ data: rows.options, skipDuplicates: true });
  await tx.productVariant.createMany({ data: rows.variants, skipDuplicates: true });
  await tx.productCollection.createMany({ data: rows.productCollections, skipDuplicates: true });
  // A level is inserted together with its opening movement or not at all (skipDuplicates on both), so a
  // re-run never adds a RECEIPT for stock that is already there.
  const newLevels = await tx.stockLevel.createManyAndReturn({ data: rows.levels, skipDuplicates: true, select: { id: true } });
  const inserted = new Set(newLevels.map((l) => l.id));
  const levelOf = new Map(rows.levels.map((l) => [`${l.variantId}:${l.locationId}`, l.id!]));
  await tx.stockMovement.createMany({
    data: rows.movements.filter((m) => inserted.has(levelOf.get(`${m.variantId}:${m.locationId}`)!)),
    skipDuplicates: true,
  });

  return {
    categories: categoryIds.size,
    stores: storeIds.size,
    products: rows.products.length,
    variants: rows.variants.length,
    stockLevels: rows.levels.length,
  };
}

function merge(parts: SellerCatalog[]): SellerCatalog {
  const out: SellerCatalog = { stores: [], locations: [], collections: [], products: [], options: [], variants: [], productCollections: [], levels: [], movements: [] };
  for (const part of parts) for (const key of Object.keys(out) as (keyof SellerCatalog)[]) (out[key] as unknown[]).push(...part[key]);
  return out;
}
