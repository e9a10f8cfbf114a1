// The cart's arithmetic, pure (no I/O): the same function prices the cart a shopper sees and the orders
// checkout freezes, so the two can never disagree. Every amount is integer minor units of the cart's one
// currency; rounding is half-up on integers, never a float multiplication of money.

import { applyPromotion, type PromotionTerms } from "./cart-promotion";

export interface CatalogLine {
  variantId: string;
  tenantId: string;
  sku: string;
  title: string;
  unitPrice: number;
  currency: string;
  weightGrams: number | null;
  /** Units on hand minus reserved over the seller's active locations (PostgreSQL). */
  available: number;
  /** The seller's display name (read with the line, for the cart's per-seller headings). */
  sellerName?: string;
}

export interface ShippingRateTerms {
  code: string;
  name: string;
  kind: "FLAT" | "WEIGHT";
  currency: string;
  baseAmount: number;
  perKgAmount: number;
}

export interface SellerTerms {
  pricesIncludeTax: boolean;
  captureAt: "CONFIRMATION" | "FULFILMENT";
  rates: ShippingRateTerms[];
}

export type LineProblem = "unavailable" | "insufficient-stock";

export interface PricedLine {
  variantId: string;
  sku: string;
  title: string;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
  weightGrams: number | null;
  available: number;
  problem: LineProblem | null;
}

export interface PricedSeller {
  tenantId: string;
  lines: PricedLine[];
  subtotal: number;
  shippingOptions: { code: string; name: string; amount: number }[];
  /** The chosen option, or the cheapest when none was chosen; null when the seller has no rate. */
  shipping: { code: string; amount: number } | null;
  pricesIncludeTax: boolean;
  captureAt: SellerTerms["captureAt"];
  /** The coupon's share of this seller's goods and shipping (already taken off `total`). */
  discount: number;
  /** Tax contained in (inclusive) or added to (exclusive) the seller's total. */
  tax: number;
  total: number;
}

export interface PricedCart {
  currency: string | null;
  sellers: PricedSeller[];
  total: number;
  /** The cart's coupon: what it took off, or why it does not apply (then it takes nothing). */
  promotion: { code: string; applies: boolean; reason: string | null; discount: number } | null;
  /** Why the cart cannot be checked out as it is; empty when it can. */
  problems: { variantId?: string; tenantId?: string; reason: string }[];
}

export interface PricingInput {
  currency: string | null;
  lines: { variantId: string; quantity: number }[];
  /** Published variants by id; a line whose variant is missing is `unavailable`. */
  catalog: Map<string, CatalogLine>;
  sellers: Map<string, SellerTerms>;
  /** Tax rate of the shipping region in basis points; 0 when the region is unknown. */
  taxBps: number;
  shippingChoice: Record<string, string>;
  promotion?: PromotionTerms | null;
}

/** x * bps / 10000, rounded half up, in integers. */
export function basisPoints(amount: number, bps: number): number {
  return Math.floor((amount * bps + 5_000) / 10_000);
}

export function shippingAmount(rate: ShippingRateTerms, weightGrams: number): number {
  if (rate.kind === "FLAT") return rate.baseAmount;
  // Every started kilogram counts: 1 g ships as 1 kg.
  return rate.baseAmount + rate.perKgAmount * Math.ceil(weightGrams / 1_000);
}

/** Tax of a seller's goods and shipping: contained in the gross when inclusive, added when exclusive. */
export function taxOf(amount: number, bps: number, inclusive: boolean): number {
  if (bps === 0) return 0;
  return inclusive ? amount - Math.floor((amount * 10_000 + (10_000 + bps) / 2) / (10_000 + bps)) : basisPoints(amount, bps);
}

export function priceCart(input: PricingInput): PricedCart {
  const problems: PricedCart["problems"] = [];
  const bySeller = new Map<string, PricedLine[]>();
  for (const line of input.lines) {
    const c = input.catalog.get(line.variantId);
    if (!c || (input.currency && c.currency !== input.currency)) {
      problems.push({ variantId: line.variantId, reason: "unavailable" });
      continue;
    }
    const problem: LineProblem | null = c.available >= line.quantity ? null : "insufficient-stock";
    if (problem) problems.push({ variantId: line.variantId, reason: problem });
    const priced: PricedLine = {
      variantId: c.variantId,
      sku: c.sku,
      title: c.title,
      quantity: line.quantity,
      unitPrice: c.unitPrice,
      lineTotal: c.unitPrice * line.quantity,
      weightGrams: c.weightGrams,
      available: c.available,
      problem,
    };
    bySeller.set(c.tenantId, [...(bySeller.get(c.tenantId) ?? []), priced]);
  }
  const sellers: PricedSeller[] = [];
  for (const [tenantId, lines] of [...bySeller].sort(([a], [b]) => a.localeCompare(b))) {
    const terms = input.sellers.get(tenantId) ?? { pricesIncludeTax: false, captureAt: "CONFIRMATION" as const, rates: [] };
    const subtotal = lines.reduce((sum, l) => sum + l.lineTotal, 0);
    const weight = lines.reduce((sum, l) => sum + (l.weightGrams ?? 0) * l.quantity, 0);
    const shippingOptions = terms.rates
      .filter((r) => r.currency === input.currency)
      .map((r) => ({ code: r.code, name: r.name, amount: shippingAmount(r, weight) }))
      .sort((a, b) => a.amount - b.amount || a.code.localeCompare(b.code));
    const chosenCode = input.shippingChoice[tenantId];
    const chosen = (chosenCode ? shippingOptions.find((o) => o.code === chosenCode) : undefined) ?? shippingOptions[0] ?? null;
    if (!chosen) problems.push({ tenantId, reason: "no-shipping-option" });
    sellers.push({
      tenantId,
      lines,
      subtotal,
      shippingOptions,
      shipping: chosen ? { code: chosen.code, amount: chosen.amount } : null,
      pricesIncludeTax: terms.pricesIncludeTax,
      captureAt: terms.captureAt,
      discount: 0,
      tax: 0,
      total: 0,
    });
  }
  let promotion: PricedCart["promotion"] = null;
  if (input.promotion) {
    const outcome = applyPromotion(input.promotion, sellers.map((s) => ({ tenantId: s.tenantId, subtotal: s.subtotal, shipping: s.shipping?.amount ?? 0 })), input.currency);
    for (const s of sellers) {
      const d = outcome.discounts.get(s.tenantId);
      if (d) s.discount = d.goods + d.shipping;
    }
    promotion = { code: input.promotion.code, applies: outcome.applies, reason: outcome.applies ? null : outcome.reason, discount: outcome.total };
    // A coupon the shopper chose that no longer applies stops checkout rather than vanishing silently.
    if (!outcome.applies) problems.push({ reason: `coupon-${outcome.reason}` });
  }
  for (const s of sellers) {
    // Tax is on what the shopper pays: goods and shipping after the discount.
    const gross = s.subtotal + (s.shipping?.amount ?? 0) - s.discount;
    s.tax = taxOf(gross, input.taxBps, s.pricesIncludeTax);
    s.total = s.pricesIncludeTax ? gross : gross + s.tax;
  }
  if (input.lines.length === 0) problems.push({ reason: "empty" });
  return { currency: input.currency, sellers, total: sellers.reduce((sum, s) => sum + s.total, 0), promotion, problems };
}
