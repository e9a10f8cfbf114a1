// Sentences for the cart's machine-readable reasons (the API's coupon dry-run and checkout problems).

const COUPON_REASONS: Record<string, string> = {
  "unknown-code": "There is no coupon with this code.",
  inactive: "This coupon is not active.",
  "not-started": "This coupon cannot be used yet.",
  expired: "This coupon has expired.",
  exhausted: "This coupon has been used up.",
  "customer-limit-reached": "You have already used this coupon as often as it allows.",
  "seller-not-in-cart": "This coupon is for a seller whose products are not in your cart.",
  "currency-mismatch": "This coupon is in another currency than your cart.",
  "below-minimum": "Your cart is below this coupon's minimum order value.",
};

/** `reason` as the dry-run gives it (`expired`) or as a refusal names it (`coupon-expired`). */
export function couponReasonText(reason: string | null | undefined): string {
  const key = (reason ?? "unknown-code").replace(/^coupon-/, "");
  return COUPON_REASONS[key] ?? "This coupon does not apply to your cart.";
}

const PROBLEMS: Record<string, string> = {
  unavailable: "no longer available",
  "insufficient-stock": "not enough in stock",
  "no-shipping-option": "this seller does not ship this order",
  empty: "your cart is empty",
};

export function problemText(reason: string): string {
  if (reason.startsWith("coupon-")) return couponReasonText(reason);
  return PROBLEMS[reason] ?? reason;
}
