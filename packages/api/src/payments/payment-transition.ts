import { Prisma, type Payment, type Tx } from "@bazaar/db";
import { enqueue } from "@bazaar/events";
import { canApply, targetStatus, TRANSITIONS, type Signal } from "./payment-state-machine";

// Performs one state-machine transition: lock the row, check the transition, conditional UPDATE (status
// still IN the allowed sources), and the matching payments.payment.* event in the same transaction.

export interface TransitionResult {
  applied: boolean;
  payment: Payment;
}

const EVENT_TYPE = {
  action_required: "payments.payment.action-required",
  authorized: "payments.payment.authorized",
  captured: "payments.payment.captured",
  voided: "payments.payment.voided",
  failed: "payments.payment.failed",
  refunded: "payments.payment.refunded",
} as const;

/** A payment row as the Payment model, for raw statements that return one. */
export const PAYMENT_COLUMNS = Prisma.sql`id, provider, provider_payment_id AS "providerPaymentId", order_group_ref AS "orderGroupRef", idempotency_key AS "idempotencyKey",
           amount, currency, status::text AS status, captured_amount AS "capturedAmount", refunded_amount AS "refundedAmount",
           next_action_url AS "nextActionUrl", failure_code AS "failureCode", version, created_at AS "createdAt", updated_at AS "updatedAt"`;

/**
 * The payment row, locked: the lock orders concurrent signals for one payment; the second sees the
 * first's result. One statement for lock and read.
 */
async function lockPayment(tx: Tx, paymentId: string): Promise<Payment> {
  const rows = await tx.$queryRaw<Payment[]>(Prisma.sql`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE id = ${paymentId}::uuid FOR UPDATE`);
  if (!rows[0]) throw new Error(`payment ${paymentId} not found`);
  return rows[0];
}

/**
 * Records the provider's id for a payment (when it has none yet, or the same one) and locks the row, in
 * one statement: what the authorize answer and a webhook do before their transition. `where.provider`
 * scopes a webhook to its provider's payments. Null when no row matched (unknown payment, another
 * provider's, or another provider id recorded already); the caller then goes the long way.
 */
export async function lockRecordingProviderId(
  tx: Tx,
  where: { id: string; provider?: string },
  providerPaymentId: string,
  nextActionUrl: string | null = null,
): Promise<Payment | null> {
  const rows = await tx.$queryRaw<Payment[]>(recordingProviderId(where, providerPaymentId, nextActionUrl));
  return rows[0] ?? null;
}

/** The UPDATE of `lockRecordingProviderId`, returning the row; also a CTE of a webhook's one statement. */
function recordingProviderId(where: { id: string; provider?: string }, providerPaymentId: string, nextActionUrl: string | null): Prisma.Sql {
  return Prisma.sql`
    UPDATE payments SET provider_payment_id = ${providerPaymentId}, next_action_url = COALESCE(${nextActionUrl}, next_action_url),
           updated_at = CASE WHEN provider_payment_id IS NULL OR ${nextActionUrl}::text IS NOT NULL THEN now() ELSE updated_at END
     WHERE id = ${where.id}::uuid AND (provider_payment_id IS NULL OR provider_payment_id = ${providerPaymentId})
           ${where.provider === undefined ? Prisma.empty : Prisma.sql`AND provider = ${where.provider}`}
    RETURNING ${PAYMENT_COLUMNS}`;
}

/** `canApply` over the locked row `l` in SQL (its TRANSITIONS, and the refund's bounds), for a statement that records the outcome with the lock. */
function appliesTo(signal: Signal | null): Prisma.Sql {
  if (!signal) return Prisma.sql`false`;
  const from = Prisma.sql`l.status = ANY(${[...TRANSITIONS[signal.kind]]}::text[])`;
  if (signal.kind !== "refunded") return from;
  return Prisma.sql`(${from} AND ${signal.totalRefunded} > l."refundedAmount" AND ${signal.totalRefunded} <= l."capturedAmount")`;
}

export interface WebhookRecord {
  provider: string;
  eventId: string;
  type: string;
  providerPaymentId: string;
  payload: string;
}

/**
 * A payment webhook's lock and inbox row in ONE statement: records the provider's id and locks the
 * payment (as `lockRecordingProviderId`), and inserts the event's row with its outcome, "applied" when
 * `signal` applies to the locked row, "ignored" otherwise, unless the event is there already. Null when
 * no payment matched; `recorded` null for a redelivery. The outcome is checked against `canApply` in
 * TypeScript as well, so the two statements of the rule cannot drift apart unnoticed.
 */
export async function lockAndRecordWebhook(
  tx: Tx,
  where: { id: string; provider: string },
  signal: Signal | null,
  event: WebhookRecord,
): Promise<{ payment: Payment; recorded: "applied" | "ignored" | null } | null> {
  const rows = await tx.$queryRaw<(Payment & { recorded: "applied" | "ignored" | null })[]>(Prisma.sql`
    WITH locked AS (${recordingProviderId(where, event.providerPaymentId, null)}),
    ins AS (
      INSERT INTO payment_webhook_events (provider, event_id, type, payment_id, provider_payment_id, outcome, payload)
      SELECT ${event.provider}, ${event.eventId}, ${event.type}, l.id, ${event.providerPaymentId},
             CASE WHEN ${appliesTo(signal)} THEN 'applied' ELSE 'ignored' END, ${event.payload}::jsonb
        FROM locked l
      ON CONFLICT (provider, event_id) DO NOTHING
      RETURNING outcome)
    SELECT l.*, (SELECT outcome FROM ins) AS recorded FROM locked l`);
  const row = rows[0];
  if (!row) return null;
  const { recorded, ...payment } = row;
  const expected = signal && canApply(signal, payment) ? "applied" : "ignored";
  if (recorded !== null && recorded !== expected) throw new Error(`webhook outcome ${recorded} disagrees with the state machine (${expected})`);
  return { payment, recorded };
}

/** `locked`: the row as this transaction locked it (lockRecordingProviderId), instead of locking it here. */
export async function applySignal(tx: Tx, paymentId: string, signal: Signal, locked?: Payment): Promise<TransitionResult> {
  const current = locked?.id === paymentId ? locked : await lockPayment(tx, paymentId);
  if (!canApply(signal, current)) return { applied: false, payment: current };
  const to = targetStatus(signal, current);
  // Every column the transition writes is set here, so the row after it is known without reading it
  // back (the lock keeps anyone else from writing it meanwhile).
  const data = {
    status: to,
    capturedAmount: signal.kind === "captured" ? Math.min(signal.capturedAmount, current.amount) : current.capturedAmount,
    refundedAmount: signal.kind === "refunded" ? signal.totalRefunded : current.refundedAmount,
    failureCode: signal.kind === "failed" ? signal.failureCode : current.failureCode,
    nextActionUrl: signal.kind === "action_required" ? (signal.nextActionUrl ?? current.nextActionUrl) : null,
    updatedAt: new Date(),
  };
  const updated = await tx.payment.updateMany({
    where: {
      id: paymentId,
      status: { in: [...TRANSITIONS[signal.kind]] },
      ...(signal.kind === "refunded" ? { refundedAmount: { lt: signal.totalRefunded } } : {}),
    },
    data: { ...data, version: { increment: 1 } },
  });
  if (updated.count === 0) return { applied: false, payment: current };
  const payment: Payment = { ...current, ...data, version: current.version + 1 };
  const base = {
    paymentId: payment.id,
    provider: payment.provider as "sandbox" | "stripe" | "paystack",
    providerPaymentId: payment.providerPaymentId,
    orderGroupRef: payment.orderGroupRef,
    amount: payment.amount,
    currency: payment.currency,
    status: payment.status,
    capturedAmount: payment.capturedAmount,
    refundedAmount: payment.refundedAmount,
    version: payment.version,
  };
  const common = { version: 1 as const, tenantId: null, aggregateId: payment.id };
  switch (signal.kind) {
    case "action_required":
      await enqueue(tx, { ...common, type: EVENT_TYPE.action_required, payload: { ...base, nextActionUrl: payment.nextActionUrl } });
      break;
    case "failed":
      await enqueue(tx, { ...common, type: EVENT_TYPE.failed, payload: { ...base, failureCode: payment.failureCode } });
      break;
    case "refunded":
      await enqueue(tx, { ...common, type: EVENT_TYPE.refunded, payload: { ...base, refundDelta: payment.refundedAmount - current.refundedAmount } });
      break;
    default:
      await enqueue(tx, { ...common, type: EVENT_TYPE[signal.kind], payload: base });
  }
  return { applied: true, payment };
}
