// A coupon's arithmetic, pure: which sellers it covers, how much it takes off each, and, when it does
// not apply, why (the dry-run's answer). Integer minor units; a cart-wide amount is split over the
// covered sellers in proportion to their goods, remainders to the largest shares, so the parts always
// add up to the whole.

export interface PromotionTerms {
  id: string;
  code: string;
  /** null: the whole marketplace, funded by the platform; else one seller, funded by that seller. */
  tenantId: string | null;
  kind: "PERCENTAGE" | "FIXED" | "FREE_SHIPPING";
  value: number;
  currency: string | null;
  minSubtotal: number;
}

export interface SellerBase {
  tenantId: string;
  subtotal: number;
  shipping: number;
}

export interface SellerDiscount {
  goods: number;
  shipping: number;
}

export type PromotionOutcome =
  | { applies: true; discounts: Map<string, SellerDiscount>; total: number }
  | { applies: false; reason: "seller-not-in-cart" | "currency-mismatch" | "below-minimum"; discounts: Map<string, SellerDiscount>; total: 0 };

/** Splits `amount` over `weights` in proportion, largest remainders first; the parts sum to `amount`. */
export function allocate(amount: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const exact = weights.map((w) => Math.floor((amount * w) / sum));
  let left = amount - exact.reduce((a, b) => a + b, 0);
  const order = weights.map((w, i) => ({ i, r: (amount * w) % sum })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) break;
    exact[i]!++;
    left--;
  }
  return exact;
}

export function applyPromotion(promo: PromotionTerms, sellers: readonly SellerBase[], currency: string | null): PromotionOutcome {
  const none = new Map<string, SellerDiscount>();
  const covered = sellers.filter((s) => promo.tenantId === null || s.tenantId === promo.tenantId);
  if (covered.length === 0) return { applies: false, reason: "seller-not-in-cart", discounts: none, total: 0 };
  if (promo.kind === "FIXED" && promo.currency !== currency) return { applies: false, reason: "currency-mismatch", discounts: none, total: 0 };
  const goods = covered.reduce((sum, s) => sum + s.subtotal, 0);
  if (goods < promo.minSubtotal) return { applies: false, reason: "below-minimum", discounts: none, total: 0 };
  const discounts = new Map<string, SellerDiscount>();
  if (promo.kind === "FREE_SHIPPING") {
    for (const s of covered) discounts.set(s.tenantId, { goods: 0, shipping: s.shipping });
  } else {
    const amount = promo.kind === "FIXED" ? Math.min(promo.value, goods) : Math.floor((goods * promo.value + 5_000) / 10_000);
    const parts = allocate(amount, covered.map((s) => s.subtotal));
    covered.forEach((s, i) => discounts.set(s.tenantId, { goods: parts[i]!, shipping: 0 }));
  }
  const total = [...discounts.values()].reduce((sum, d) => sum + d.goods + d.shipping, 0);
  return { applies: true, discounts, total };
}
