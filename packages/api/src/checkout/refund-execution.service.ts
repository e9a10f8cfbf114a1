import { asPlatform, type Db, type RefundState } from "@bazaar/db";
import { DomainError } from "../errors";
import type { PaymentGateway } from "./payment-gateway";
import { failRefund } from "./refund-failure.service";

// The provider side of a seller's refund (docs/decisions/0021). The refund row was committed with the
// order's status and the `orders.order.refunded` event; the refund worker (apps/workers order-refunds)
// runs `executeRefund` on that event, and `resumeDueRefunds` takes over any refund left PENDING past
// its `next_attempt_at` (a worker that died, a provider that failed). The provider call's key is the
// refund's id, so however many times it runs, the money moves once; marking it done is conditional.

export interface RefundDeps {
  db: Db;
  payments: PaymentGateway;
  now?: () => Date;
  /** How long a claimed refund is left to its executor before another may take it (default 30 s). */
  retryMs?: number;
  /** Test hook (the crash test): called before the provider is asked and before the result is recorded. */
  onStep?: (refundId: string, step: "provider" | "record") => void;
}

const MAX_BACKOFF_MS = 10 * 60_000;

export const providerRefundKey = (refundId: string) => `refund:${refundId}`;

/** A refusal that asking again cannot change: the provider or the payment state said no. */
const isRefusal = (error: unknown) => error instanceof DomainError && ["BAD_REQUEST", "CONFLICT", "UNPROCESSABLE_CONTENT", "NOT_FOUND"].includes(error.code);

export async function executeRefund(deps: RefundDeps, refundId: string): Promise<RefundState | null> {
  const now = deps.now ?? (() => new Date());
  const refund = await asPlatform(deps.db, (tx) => tx.orderRefund.findUnique({ where: { id: refundId } }));
  if (!refund || refund.state !== "PENDING") return refund?.state ?? null;
  try {
    deps.onStep?.(refund.id, "provider");
    await deps.payments.refund(refund.paymentId, refund.amount, providerRefundKey(refund.id));
  } catch (error) {
    const message = (error instanceof DomainError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error)).slice(0, 1_000);
    if (isRefusal(error)) {
      // The refund stops counting and the order's status is undone, in one transaction (decision 0028).
      await asPlatform(deps.db, (tx) => failRefund(tx, refund, message, now()));
      return "FAILED";
    }
    // Network trouble or a provider outage: back off with the attempts; the resumer asks again.
    const delay = Math.min((deps.retryMs ?? 30_000) * 2 ** Math.min(refund.attempts, 6), MAX_BACKOFF_MS);
    await asPlatform(deps.db, (tx) =>
      tx.orderRefund.updateMany({ where: { id: refund.id, state: "PENDING" }, data: { lastError: message, attempts: { increment: 1 }, nextAttemptAt: new Date(now().getTime() + delay) } }),
    );
    return "PENDING";
  }
  deps.onStep?.(refund.id, "record");
  await asPlatform(deps.db, (tx) =>
    tx.orderRefund.updateMany({ where: { id: refund.id, state: "PENDING" }, data: { state: "SUCCEEDED", lastError: null, attempts: { increment: 1 }, completedAt: now() } }),
  );
  return "SUCCEEDED";
}

/**
 * The resumer's pass: PENDING refunds whose `next_attempt_at` passed, claimed with SKIP LOCKED (the
 * claim pushes the time forward, so concurrent resumers split them) and executed. Returns how many.
 */
export async function resumeDueRefunds(deps: RefundDeps, limit = 50): Promise<number> {
  const now = (deps.now ?? (() => new Date()))();
  const claimed = await asPlatform(deps.db, (tx) =>
    tx.$queryRaw<{ id: string }[]>`
      UPDATE order_refunds SET next_attempt_at = ${new Date(now.getTime() + (deps.retryMs ?? 30_000))}
       WHERE id IN (SELECT id FROM order_refunds WHERE state = 'PENDING' AND next_attempt_at <= ${now}
                     ORDER BY next_attempt_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING id`,
  );
  for (const { id } of claimed) await executeRefund(deps, id);
  return claimed.length;
}
