import { asPlatform, Prisma, type Db, type Tx } from "@bazaar/db";
import type { CatalogLine, SellerTerms } from "./cart-pricing";

// What a cart's lines cost and how many are available, read from PostgreSQL every time the cart is read
// or checked out (the Redis availability read model may lag; PostgreSQL is the truth). A cart spans
// sellers, so this reads in platform context and pins every row to a PUBLISHED product of an ACTIVE
// tenant: a draft, archived or suspended seller's variant is simply absent (NOT_FOUND to the shopper).

interface VariantRow {
  variant_id: string;
  tenant_id: string;
  sku: string;
  title: string;
  price_amount: number;
  currency: string;
  weight_grams: number | null;
  available: number;
  seller_name: string;
}

export async function loadCatalogLines(tx: Tx, variantIds: readonly string[]): Promise<Map<string, CatalogLine>> {
  if (variantIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<VariantRow[]>`
    SELECT v.id AS variant_id, v.tenant_id, t.name AS seller_name, v.sku, p.title || ' · ' || v.title AS title, v.price_amount, v.currency, v.weight_grams,
           COALESCE((SELECT sum(sl.on_hand - sl.reserved) FROM stock_levels sl JOIN stock_locations loc ON loc.id = sl.location_id AND loc.active
                      WHERE sl.variant_id = v.id), 0)::int AS available
      FROM product_variants v
      JOIN products p ON p.id = v.product_id AND p.tenant_id = v.tenant_id AND p.status = 'PUBLISHED'
      JOIN tenants t ON t.id = v.tenant_id AND t.status = 'ACTIVE' AND t.deleted_at IS NULL
     WHERE v.id IN (${Prisma.join(variantIds.map((id) => Prisma.sql`${id}::uuid`))})`;
  return new Map(
    rows.map((r) => [
      r.variant_id,
      { variantId: r.variant_id, tenantId: r.tenant_id, sku: r.sku, title: r.title, unitPrice: r.price_amount, currency: r.currency, weightGrams: r.weight_grams, available: r.available, sellerName: r.seller_name },
    ]),
  );
}

export async function loadSellerTerms(tx: Tx, tenantIds: readonly string[]): Promise<Map<string, SellerTerms>> {
  const ids = [...new Set(tenantIds)];
  if (ids.length === 0) return new Map();
  const [settings, rates] = await Promise.all([
    tx.sellerCheckoutSettings.findMany({ where: { tenantId: { in: ids } } }),
    tx.shippingRate.findMany({ where: { tenantId: { in: ids } }, orderBy: { code: "asc" } }),
  ]);
  return new Map(
    ids.map((tenantId) => {
      const s = settings.find((x) => x.tenantId === tenantId);
      return [
        tenantId,
        {
          pricesIncludeTax: s?.pricesIncludeTax ?? false,
          captureAt: s?.captureAt ?? "CONFIRMATION",
          rates: rates
            .filter((r) => r.tenantId === tenantId)
            .map((r) => ({ code: r.code, name: r.name, kind: r.kind, currency: r.currency, baseAmount: r.baseAmount, perKgAmount: r.perKgAmount })),
        },
      ];
    }),
  );
}

export async function taxRateFor(tx: Tx, region: string | null): Promise<number> {
  if (!region) return 0;
  return (await tx.taxRate.findUnique({ where: { region } }))?.rateBps ?? 0;
}

export interface PricingFacts {
  catalog: Map<string, CatalogLine>;
  sellers: Map<string, SellerTerms>;
  taxBps: number;
}

export async function loadPricingFacts(tx: Tx, variantIds: readonly string[], region: string | null): Promise<PricingFacts> {
  const catalog = await loadCatalogLines(tx, variantIds);
  const sellers = await loadSellerTerms(tx, [...catalog.values()].map((c) => c.tenantId));
  return { catalog, sellers, taxBps: await taxRateFor(tx, region) };
}

export const readPricingFacts = (db: Db, variantIds: readonly string[], region: string | null) =>
  asPlatform(db, (tx) => loadPricingFacts(tx, variantIds, region));
