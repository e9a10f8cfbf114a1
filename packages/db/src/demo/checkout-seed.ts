import type { Tx } from "../client";
import { DEMO_SELLERS } from "./catalog-data";

// What a shopper needs to check out on a fresh installation: every demo seller ships (a flat standard
// rate and an express rate by weight, in the seller's currency), the regions the storefront's
// checkout offers have a tax rate, and every demo seller but one has a sandbox payout destination (the
// payout run pays only sellers with one, decision 0028; Nordic Threads shows the dashboard's "set one"). Upserts on natural keys, so a second run changes nothing a seller or
// an operator has edited since.

/** Basis points per shipping region (ISO 3166-1 alpha-2): reference data, platform-wide. */
export const DEMO_TAX_RATES: Readonly<Record<string, number>> = { US: 800, CA: 500, GB: 2_000, DE: 1_900, FR: 2_000, NL: 2_100, SE: 2_500, IE: 2_300 };

/** Demo sellers left without a payout destination, so a fresh installation shows that state too. */
export const DEMO_SELLERS_WITHOUT_PAYOUT_DESTINATION: ReadonlySet<string> = new Set(["nordic-threads"]);

export interface CheckoutSeedSummary {
  shippingRates: number;
  taxRates: number;
  payoutDestinations: number;
}

export async function seedDemoCheckout(tx: Tx, tenantIds: ReadonlyMap<string, string>): Promise<CheckoutSeedSummary> {
  for (const [region, rateBps] of Object.entries(DEMO_TAX_RATES)) {
    await tx.taxRate.upsert({ where: { region }, create: { region, rateBps }, update: {} });
  }
  let shippingRates = 0;
  let payoutDestinations = 0;
  for (const seller of DEMO_SELLERS) {
    const tenantId = tenantIds.get(seller.slug) ?? seller.id;
    if (!DEMO_SELLERS_WITHOUT_PAYOUT_DESTINATION.has(seller.slug)) {
      const destination = `acct_sandbox_${seller.slug.replaceAll("-", "_")}`;
      await tx.sellerPayoutAccount.upsert({ where: { tenantId_provider: { tenantId, provider: "sandbox" } }, create: { tenantId, provider: "sandbox", destination }, update: {} });
      payoutDestinations += 1;
    }
    const rates = [
      { code: "standard", name: "Standard (3–5 days)", kind: "FLAT" as const, baseAmount: 499, perKgAmount: 0 },
      { code: "express", name: "Express (next day)", kind: "WEIGHT" as const, baseAmount: 999, perKgAmount: 250 },
    ];
    for (const rate of rates) {
      await tx.shippingRate.upsert({
        where: { tenantId_code: { tenantId, code: rate.code } },
        create: { tenantId, currency: seller.currency, ...rate },
        update: {},
      });
      shippingRates += 1;
    }
  }
  return { shippingRates, taxRates: Object.keys(DEMO_TAX_RATES).length, payoutDestinations };
}
