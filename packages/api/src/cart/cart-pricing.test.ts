import { describe, expect, it } from "vitest";
import { basisPoints, priceCart, shippingAmount, taxOf, type CatalogLine, type SellerTerms } from "./cart-pricing";

const A = "00000000-0000-4000-8000-00000000000a";
const B = "00000000-0000-4000-8000-00000000000b";
const item = (variantId: string, tenantId: string, unitPrice: number, available = 10, weightGrams: number | null = 500): CatalogLine => ({
  variantId, tenantId, sku: variantId, title: variantId, unitPrice, currency: "EUR", weightGrams, available,
});
const flat: SellerTerms = { pricesIncludeTax: false, captureAt: "CONFIRMATION", rates: [{ code: "std", name: "Standard", kind: "FLAT", currency: "EUR", baseAmount: 490, perKgAmount: 0 }] };
const byWeight: SellerTerms = {
  pricesIncludeTax: true,
  captureAt: "FULFILMENT",
  rates: [{ code: "kg", name: "By weight", kind: "WEIGHT", currency: "EUR", baseAmount: 300, perKgAmount: 200 }, { code: "express", name: "Express", kind: "FLAT", currency: "EUR", baseAmount: 1500, perKgAmount: 0 }],
};

describe("cart pricing", () => {
  it("rounds half up in integers", () => {
    expect(basisPoints(1_005, 1_000)).toBe(101);
    expect(basisPoints(1_004, 1_000)).toBe(100);
    expect(taxOf(1_190, 1_900, true)).toBe(190);
    expect(taxOf(1_000, 1_900, false)).toBe(190);
    expect(taxOf(1_000, 0, false)).toBe(0);
  });

  it("charges every started kilogram", () => {
    expect(shippingAmount(byWeight.rates[0]!, 1)).toBe(500);
    expect(shippingAmount(byWeight.rates[0]!, 1_000)).toBe(500);
    expect(shippingAmount(byWeight.rates[0]!, 1_001)).toBe(700);
    expect(shippingAmount(flat.rates[0]!, 99_000)).toBe(490);
  });

  it("groups lines by seller with shipping, tax (exclusive and inclusive) and a grand total", () => {
    const priced = priceCart({
      currency: "EUR",
      lines: [{ variantId: "v1", quantity: 2 }, { variantId: "v2", quantity: 3 }],
      catalog: new Map([["v1", item("v1", A, 1_000)], ["v2", item("v2", B, 2_000)]]),
      sellers: new Map([[A, flat], [B, byWeight]]),
      taxBps: 2_000,
      shippingChoice: {},
    });
    const [a, b] = priced.sellers;
    expect(a).toMatchObject({ tenantId: A, subtotal: 2_000, shipping: { code: "std", amount: 490 }, tax: 498, total: 2_988 });
    // 1.5 kg → 2 started kg; cheapest option chosen by default; tax contained in the gross.
    expect(b).toMatchObject({ tenantId: B, subtotal: 6_000, shipping: { code: "kg", amount: 700 }, tax: 1_117, total: 6_700 });
    expect(priced.total).toBe(9_688);
    expect(priced.problems).toEqual([]);
  });

  it("reports unavailable and short lines, another currency and a seller without shipping", () => {
    const usd = { ...item("v3", A, 100), currency: "USD" };
    const priced = priceCart({
      currency: "EUR",
      lines: [{ variantId: "gone", quantity: 1 }, { variantId: "v1", quantity: 11 }, { variantId: "v3", quantity: 1 }],
      catalog: new Map([["v1", item("v1", B, 1_000)], ["v3", usd]]),
      sellers: new Map(),
      taxBps: 0,
      shippingChoice: {},
    });
    expect(priced.problems).toEqual([
      { variantId: "gone", reason: "unavailable" },
      { variantId: "v1", reason: "insufficient-stock" },
      { variantId: "v3", reason: "unavailable" },
      { tenantId: B, reason: "no-shipping-option" },
    ]);
  });
});
