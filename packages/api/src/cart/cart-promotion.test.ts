import { describe, expect, it } from "vitest";
import { priceCart, type CatalogLine, type SellerTerms } from "./cart-pricing";
import { allocate, applyPromotion, type PromotionTerms } from "./cart-promotion";

const A = "00000000-0000-4000-8000-00000000000a";
const B = "00000000-0000-4000-8000-00000000000b";
const promo = (p: Partial<PromotionTerms>): PromotionTerms => ({ id: "p", code: "SAVE", tenantId: null, kind: "PERCENTAGE", value: 1_000, currency: null, minSubtotal: 0, ...p });
const sellers = [
  { tenantId: A, subtotal: 1_000, shipping: 490 },
  { tenantId: B, subtotal: 2_000, shipping: 0 },
];

describe("coupons", () => {
  it("splits an amount in proportion and the parts add up", () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(7, [1_000, 2_000])).toEqual([2, 5]);
    expect(allocate(5, [0, 0])).toEqual([0, 0]);
  });

  it("takes a percentage, a fixed amount or the shipping, over the marketplace or one seller", () => {
    const pct = applyPromotion(promo({}), sellers, "EUR");
    expect(pct).toMatchObject({ applies: true, total: 300 });
    expect([...pct.discounts.values()]).toEqual([{ goods: 100, shipping: 0 }, { goods: 200, shipping: 0 }]);
    expect(applyPromotion(promo({ kind: "FIXED", value: 5_000, currency: "EUR" }), sellers, "EUR").total).toBe(3_000);
    const ship = applyPromotion(promo({ kind: "FREE_SHIPPING", value: 0, tenantId: A }), sellers, "EUR");
    expect([...ship.discounts.entries()]).toEqual([[A, { goods: 0, shipping: 490 }]]);
  });

  it("says why it does not apply", () => {
    expect(applyPromotion(promo({ tenantId: "00000000-0000-4000-8000-00000000000c" }), sellers, "EUR")).toMatchObject({ applies: false, reason: "seller-not-in-cart" });
    expect(applyPromotion(promo({ kind: "FIXED", value: 100, currency: "USD" }), sellers, "EUR")).toMatchObject({ applies: false, reason: "currency-mismatch" });
    expect(applyPromotion(promo({ minSubtotal: 3_001 }), sellers, "EUR")).toMatchObject({ applies: false, reason: "below-minimum" });
  });

  it("is taken off before tax in the priced cart, and a coupon that stopped applying blocks checkout", () => {
    const line: CatalogLine = { variantId: "v", tenantId: A, sku: "v", title: "v", unitPrice: 1_000, currency: "EUR", weightGrams: null, available: 5 };
    const terms: SellerTerms = { pricesIncludeTax: false, captureAt: "CONFIRMATION", rates: [{ code: "std", name: "Std", kind: "FLAT", currency: "EUR", baseAmount: 500, perKgAmount: 0 }] };
    const base = { currency: "EUR", lines: [{ variantId: "v", quantity: 2 }], catalog: new Map([["v", line]]), sellers: new Map([[A, terms]]), taxBps: 1_000, shippingChoice: {} };
    const priced = priceCart({ ...base, promotion: promo({ value: 2_500 }) });
    expect(priced.sellers[0]).toMatchObject({ subtotal: 2_000, discount: 500, tax: 200, total: 2_200 });
    expect(priced.promotion).toEqual({ code: "SAVE", applies: true, reason: null, discount: 500 });
    const below = priceCart({ ...base, promotion: promo({ minSubtotal: 10_000 }) });
    expect(below.sellers[0]!.discount).toBe(0);
    expect(below.problems).toEqual([{ reason: "coupon-below-minimum" }]);
  });
});
