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

export async function applySignal(tx: Tx, paymentId: string, signal: Signal): Promise<TransitionResult> {
  // The row lock orders concurrent signals for one payment; the second sees the first's result.
  await tx.$queryRaw(Prisma.sql`SELECT 1 FROM payments WHERE id = ${paymentId}::uuid FOR UPDATE`);
  const current = await tx.payment.findUniqueOrThrow({ where: { id: paymentId } });
  if (!canApply(signal, current)) return { applied: false, payment: current };
  const to = targetStatus(signal, current);
  const data: Prisma.PaymentUpdateManyMutationInput = { status: to, version: { increment: 1 } };
  if (signal.kind === "captured") data.capturedAmount = Math.min(signal.capturedAmount, current.amount);
  if (signal.kind === "refunded") data.refundedAmount = signal.totalRefunded;
  if (signal.kind === "failed") data.failureCode = signal.failureCode;
  data.nextActionUrl = signal.kind === "action_required" ? (signal.nextActionUrl ?? current.nextActionUrl) : null;
  const updated = await tx.payment.updateMany({
    where: {
      id: paymentId,
      status: { in: [...TRANSITIONS[signal.kind]] },
      ...(signal.kind === "refunded" ? { refundedAmount: { lt: signal.totalRefunded } } : {}),
    },
    data,
  });
  if (updated.count === 0) return { applied: false, payment: current };
  const payment = await tx.payment.findUniqueOrThrow({ where: { id: paymentId } });
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
