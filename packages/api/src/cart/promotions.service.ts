import { asPlatform, type Db, type Promotion, type Tx } from "@bazaar/db";
import { ConflictError } from "../errors";
import type { PromotionTerms } from "./cart-promotion";

// Coupons: the only code reading or writing `promotions` and `promotion_customer_usage`. Looking a code up
// and the dry-run are reads; redeeming happens inside checkout's transaction with one conditional UPDATE
// of the total counter and one conditional upsert of the customer's, so two racing checkouts can never
// both take the last redemption; the saga's compensation gives a redemption back exactly once.

export const normaliseCode = (code: string) => code.trim().toUpperCase();

export type UnusableReason = "unknown-code" | "inactive" | "not-started" | "expired" | "exhausted" | "customer-limit-reached";

const terms = (p: Promotion): PromotionTerms => ({
  id: p.id,
  code: p.code,
  tenantId: p.tenantId,
  kind: p.kind,
  value: p.value,
  currency: p.currency,
  minSubtotal: p.minSubtotalAmount,
});

/** The coupon's terms if it can be used now by `customerKey` (when known), or why not. */
export async function usablePromotion(
  tx: Tx,
  code: string,
  customerKey: string | null,
  now = new Date(),
): Promise<{ terms: PromotionTerms; row: Promotion } | { reason: UnusableReason }> {
  const row = await tx.promotion.findUnique({ where: { code: normaliseCode(code) } });
  if (!row) return { reason: "unknown-code" };
  if (!row.active) return { reason: "inactive" };
  if (row.startsAt && now < row.startsAt) return { reason: "not-started" };
  if (row.endsAt && now >= row.endsAt) return { reason: "expired" };
  if (row.usageLimit !== null && row.usedCount >= row.usageLimit) return { reason: "exhausted" };
  if (customerKey && row.perCustomerLimit !== null) {
    const used = await tx.promotionCustomerUsage.findUnique({ where: { promotionId_customerKey: { promotionId: row.id, customerKey } } });
    if ((used?.usedCount ?? 0) >= row.perCustomerLimit) return { reason: "customer-limit-reached" };
  }
  return { terms: terms(row), row };
}

export const readUsablePromotion = (db: Db, code: string, customerKey: string | null) => asPlatform(db, (tx) => usablePromotion(tx, code, customerKey));

export class CouponUnavailableError extends ConflictError {
  constructor(code: string, reason: UnusableReason) {
    super("this coupon cannot be used", { reason: `coupon-${reason}`, code });
    this.name = "CouponUnavailableError";
  }
}

/** Takes one redemption (in the caller's transaction) or throws CouponUnavailableError. */
export async function redeemPromotion(tx: Tx, promotion: Promotion, customerKey: string): Promise<void> {
  const taken = await tx.$executeRaw`
    UPDATE promotions SET used_count = used_count + 1
     WHERE id = ${promotion.id}::uuid AND active AND (usage_limit IS NULL OR used_count < usage_limit)`;
  if (taken === 0) throw new CouponUnavailableError(promotion.code, "exhausted");
  if (promotion.perCustomerLimit === null) return;
  const mine = await tx.$queryRaw<{ used_count: number }[]>`
    INSERT INTO promotion_customer_usage (promotion_id, customer_key, used_count) VALUES (${promotion.id}::uuid, ${customerKey}, 1)
    ON CONFLICT (promotion_id, customer_key) DO UPDATE SET used_count = promotion_customer_usage.used_count + 1
     WHERE promotion_customer_usage.used_count < ${promotion.perCustomerLimit}
    RETURNING used_count`;
  if (mine.length === 0) throw new CouponUnavailableError(promotion.code, "customer-limit-reached");
}

/** Gives a redemption back (the saga compensated); called once per group by the saga's RELEASE step. */
export async function releasePromotion(tx: Tx, promotionId: string, customerKey: string | null): Promise<void> {
  await tx.$executeRaw`UPDATE promotions SET used_count = used_count - 1 WHERE id = ${promotionId}::uuid AND used_count > 0`;
  if (customerKey) {
    await tx.$executeRaw`UPDATE promotion_customer_usage SET used_count = used_count - 1
                          WHERE promotion_id = ${promotionId}::uuid AND customer_key = ${customerKey} AND used_count > 0`;
  }
}

export interface CreatePromotionInput {
  code: string;
  kind: PromotionTerms["kind"];
  value: number;
  currency?: string | undefined;
  minSubtotalAmount?: number | undefined;
  startsAt?: Date | undefined;
  endsAt?: Date | undefined;
  usageLimit?: number | undefined;
  perCustomerLimit?: number | undefined;
}

/**
 * A seller's coupon (`tenantId`) or, in platform context, the marketplace's (null). Codes are unique
 * platform-wide; the unique index decides (a taken code is CONFLICT), since a seller cannot see others'.
 */
export async function createPromotion(tx: Tx, tenantId: string | null, input: CreatePromotionInput) {
  const code = normaliseCode(input.code);
  return tx.promotion.create({
    data: {
      code,
      tenantId,
      kind: input.kind,
      value: input.kind === "FREE_SHIPPING" ? 0 : input.value,
      currency: input.currency ?? null,
      minSubtotalAmount: input.minSubtotalAmount ?? 0,
      startsAt: input.startsAt ?? null,
      endsAt: input.endsAt ?? null,
      usageLimit: input.usageLimit ?? null,
      perCustomerLimit: input.perCustomerLimit ?? null,
    },
  });
}
