import { asPlatform, type Db, type Tx, type Plan } from "@bazaar/db";
import type { CatalogLine, SellerTerms, ShippingRateTerms } from "./cart-pricing";

// What a cart's lines cost and how many are available, read from PostgreSQL every time the cart is read
// or checked out (the Redis availability read model may lag; PostgreSQL is the truth). A cart spans
// sellers, so this reads in platform context and pins every row to a PUBLISHED product of an ACTIVE
// tenant: a draft, archived or suspended seller's variant is simply absent (NOT_FOUND to the shopper).

interface FactsRow {
  lines: (Omit<CatalogLine, "sellerName"> & { sellerName: string; plan: Plan })[];
  settings: { tenantId: string; pricesIncludeTax: boolean; captureAt: SellerTerms["captureAt"] }[];
  rates: (ShippingRateTerms & { tenantId: string })[];
  tax_bps: number | null;
}

export interface PricingFacts {
  catalog: Map<string, CatalogLine>;
  sellers: Map<string, SellerTerms>;
  /** Each seller's plan (its commission rule), which checkout freezes on the seller's order. */
  plans: Map<string, Plan>;
  taxBps: number;
}

/**
 * Everything pricing needs in ONE statement (a cart read and a checkout both pay for it; four round
 * trips were a fifth of a checkout's placement): the lines with their availability, their sellers'
 * checkout settings, plans and shipping rates, and the region's tax rate.
 */
export async function loadPricingFacts(tx: Tx, variantIds: readonly string[], region: string | null): Promise<PricingFacts> {
  if (variantIds.length === 0) return { catalog: new Map(), sellers: new Map(), plans: new Map(), taxBps: 0 };
  const [row] = await tx.$queryRaw<FactsRow[]>`
    WITH lines AS (
      SELECT v.id AS variant_id, v.tenant_id, t.name AS seller_name, t.plan::text AS plan, v.sku, p.title || ' · ' || v.title AS title, v.price_amount, v.currency, v.weight_grams,
             COALESCE((SELECT sum(sl.on_hand - sl.reserved) FROM stock_levels sl JOIN stock_locations loc ON loc.id = sl.location_id AND loc.active
                        WHERE sl.variant_id = v.id), 0)::int AS available
        FROM product_variants v
        JOIN products p ON p.id = v.product_id AND p.tenant_id = v.tenant_id AND p.status = 'PUBLISHED'
        JOIN tenants t ON t.id = v.tenant_id AND t.status = 'ACTIVE' AND t.deleted_at IS NULL
       WHERE v.id = ANY(${[...variantIds]}::uuid[]))
    SELECT
      (SELECT COALESCE(json_agg(json_build_object('variantId', l.variant_id, 'tenantId', l.tenant_id, 'sku', l.sku, 'title', l.title, 'unitPrice', l.price_amount,
                                                  'currency', l.currency, 'weightGrams', l.weight_grams, 'available', l.available, 'sellerName', l.seller_name, 'plan', l.plan)), '[]')
         FROM lines l) AS lines,
      (SELECT COALESCE(json_agg(json_build_object('tenantId', s.tenant_id, 'pricesIncludeTax', s.prices_include_tax, 'captureAt', s.capture_at)), '[]')
         FROM seller_checkout_settings s WHERE s.tenant_id IN (SELECT tenant_id FROM lines)) AS settings,
      (SELECT COALESCE(json_agg(json_build_object('tenantId', r.tenant_id, 'code', r.code, 'name', r.name, 'kind', r.kind, 'currency', r.currency,
                                                  'baseAmount', r.base_amount, 'perKgAmount', r.per_kg_amount) ORDER BY r.code), '[]')
         FROM shipping_rates r WHERE r.tenant_id IN (SELECT tenant_id FROM lines)) AS rates,
      (SELECT rate_bps FROM tax_rates WHERE region = ${region ?? ""}) AS tax_bps`;
  const facts = row!;
  const catalog = new Map<string, CatalogLine>(facts.lines.map(({ plan: _plan, ...l }) => [l.variantId, l]));
  const tenantIds = [...new Set(facts.lines.map((l) => l.tenantId))];
  const sellers = new Map<string, SellerTerms>(
    tenantIds.map((tenantId) => {
      const s = facts.settings.find((x) => x.tenantId === tenantId);
      return [
        tenantId,
        {
          pricesIncludeTax: s?.pricesIncludeTax ?? false,
          captureAt: s?.captureAt ?? "CONFIRMATION",
          rates: facts.rates.filter((r) => r.tenantId === tenantId).map(({ tenantId: _t, ...rate }) => rate),
        },
      ];
    }),
  );
  const plans = new Map<string, Plan>(facts.lines.map((l) => [l.tenantId, l.plan]));
  return { catalog, sellers, plans, taxBps: region ? (facts.tax_bps ?? 0) : 0 };
}

export const readPricingFacts = (db: Db, variantIds: readonly string[], region: string | null) =>
  asPlatform(db, (tx) => loadPricingFacts(tx, variantIds, region));
