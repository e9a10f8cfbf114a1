import type { LedgerAccountCode } from "@bazaar/db";

// The postings as arithmetic, free of I/O: which accounts move by how much for a sale, a refund, a
// cancellation and a payout. Amounts are integer minor units; a line is debit-positive, credit-negative,
// and every posting's lines sum to zero (the database refuses one that does not, at commit).

export interface PostingLine {
  code: LedgerAccountCode;
  amount: number;
}

/** What the ledger needs from an order, frozen when the order was placed (checkout/place-order.service.ts). */
export interface OrderMoney {
  totalAmount: number;
  commissionAmount: number;
  discountAmount: number;
  discountFundedBy: string | null;
}

const platformFunded = (o: OrderMoney) => (o.discountFundedBy === "PLATFORM" ? o.discountAmount : 0);

/** Drops zero lines (the table refuses them) and proves the posting balances before it reaches SQL. */
export function balanced(lines: PostingLine[]): PostingLine[] {
  const kept = lines.filter((l) => l.amount !== 0);
  const sum = kept.reduce((s, l) => s + l.amount, 0);
  if (sum !== 0 || !kept.every((l) => Number.isSafeInteger(l.amount))) throw new Error(`unbalanced posting (${sum}): ${JSON.stringify(kept)}`);
  return kept;
}

/**
 * A captured order: the shopper's money arrives in clearing; the seller is owed the order's total plus
 * any discount the platform funds, less the commission stored with the order.
 */
export function saleLines(o: OrderMoney): PostingLine[] {
  const funded = platformFunded(o);
  return balanced([
    { code: "PAYMENT_CLEARING", amount: o.totalAmount },
    { code: "DISCOUNT_FUNDING_EXPENSE", amount: funded },
    { code: "COMMISSION_REVENUE", amount: -o.commissionAmount },
    { code: "SELLER_PAYABLE", amount: -(o.totalAmount + funded - o.commissionAmount) },
  ]);
}

/** `part` of `whole` of `amount`, rounded down: cumulative shares, so the last refund takes the remainder. */
const share = (amount: number, part: number, whole: number) => (whole === 0 ? 0 : Math.floor((amount * part) / whole));

/**
 * `amount` of an order's captured money goes back to the shopper; `refundedBefore` had gone back
 * already. The commission and the platform's discount funding are returned in proportion (decision
 * 0020), computed on the running totals so a fully refunded order returns exactly all of each.
 */
export function refundLines(o: OrderMoney, amount: number, refundedBefore: number): PostingLine[] {
  const after = refundedBefore + amount;
  if (amount <= 0 || after > o.totalAmount) throw new Error(`refund of ${amount} after ${refundedBefore} exceeds the order total ${o.totalAmount}`);
  const commission = share(o.commissionAmount, after, o.totalAmount) - share(o.commissionAmount, refundedBefore, o.totalAmount);
  const funded = platformFunded(o);
  const discount = share(funded, after, o.totalAmount) - share(funded, refundedBefore, o.totalAmount);
  return balanced([
    { code: "PAYMENT_CLEARING", amount: -amount },
    { code: "DISCOUNT_FUNDING_EXPENSE", amount: -discount },
    { code: "COMMISSION_REVENUE", amount: commission },
    { code: "SELLER_PAYABLE", amount: amount + discount - commission },
  ]);
}

/** Money set aside for a payout: owed to the seller no more, in transit instead. */
export const payoutLines = (amount: number): PostingLine[] =>
  balanced([
    { code: "SELLER_PAYABLE", amount },
    { code: "PAYOUTS_IN_TRANSIT", amount: -amount },
  ]);

/** The provider paid the transfer: it leaves the platform's money at the provider. */
export const payoutSettledLines = (amount: number): PostingLine[] =>
  balanced([
    { code: "PAYOUTS_IN_TRANSIT", amount },
    { code: "PAYMENT_CLEARING", amount: -amount },
  ]);

/** The transfer failed: the seller is owed the money again and the next payout carries it. */
export const payoutReturnedLines = (amount: number): PostingLine[] =>
  balanced([
    { code: "PAYOUTS_IN_TRANSIT", amount },
    { code: "SELLER_PAYABLE", amount: -amount },
  ]);

/** The start of the payout period `now` falls in: buckets of `intervalSeconds` from the epoch. */
export function periodStart(now: Date, intervalSeconds: number): Date {
  const ms = intervalSeconds * 1000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}
