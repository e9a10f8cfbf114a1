import { randomUUID } from "node:crypto";
import { asPlatform, Prisma, type Db, type OrderLine, type OrderRefund, type OrderStatus, type Tx } from "@bazaar/db";
import { enqueue } from "@bazaar/events";
import { ConflictError, DomainError, NotFoundError } from "../errors";
import { transitionOrder } from "./order-status";
import type { RefundOrderInput } from "./refunds.schema";
import { restockRefundedLines } from "./refund-restock";

// A seller's refund of (part of) their order after checkout (docs/decisions/0021). One tenant
// transaction, under the order's row lock, checks the bound (never more than the order's captured share
// minus the refunds so far), writes the `order_refunds` row, moves the order to PARTIALLY_REFUNDED or
// REFUNDED, restocks if asked and enqueues `orders.order.refunded`. The provider refund happens after
// commit in the refund worker (refund-execution.service.ts), keyed by the row's id, so it runs once.

const REFUNDABLE: readonly OrderStatus[] = ["PAID", "PARTIALLY_FULFILLED", "FULFILLED", "DELIVERED", "PARTIALLY_REFUNDED"];
const CAPTURED: readonly string[] = ["CAPTURED", "PARTIALLY_REFUNDED", "REFUNDED"];
/** How long the refund worker's consumer has before the resumer takes the refund over. */
export const REFUND_HANDOVER_MS = 10_000;

export class RefundKeyReusedError extends ConflictError {
  constructor() {
    super("this idempotency key was used for another refund", { reason: "idempotency-key-reused" });
    this.name = "RefundKeyReusedError";
  }
}

export class OverRefundError extends ConflictError {
  constructor(orderId: string, requested: number, remaining: number) {
    super("the refund is more than what is left of the order's captured payment", { reason: "over-refund", orderId, requested, remaining });
    this.name = "OverRefundError";
  }
}

export class OrderNotRefundableError extends ConflictError {
  constructor(orderId: string, status: OrderStatus) {
    super(`an order that is ${status} cannot be refunded`, { reason: "order-not-refundable", orderId, status });
    this.name = "OrderNotRefundableError";
  }
}

export class PaymentNotCapturedError extends ConflictError {
  constructor(orderId: string) {
    super("the order's payment is not captured yet: cancel the order instead, or refund once it is captured", { reason: "payment-not-captured", orderId });
    this.name = "PaymentNotCapturedError";
  }
}

export interface RefundLine {
  orderLineId: string;
  quantity: number;
  amount: number;
}

export type RefundView = Pick<OrderRefund, "id" | "orderId" | "amount" | "currency" | "reason" | "restock" | "state" | "lastError" | "createdAt" | "completedAt"> & {
  lines: RefundLine[];
};

export const refundView = (r: OrderRefund): RefundView => ({
  id: r.id,
  orderId: r.orderId,
  amount: r.amount,
  currency: r.currency,
  reason: r.reason,
  restock: r.restock,
  state: r.state,
  lastError: r.lastError,
  createdAt: r.createdAt,
  completedAt: r.completedAt,
  lines: r.lines as unknown as RefundLine[],
});

/** The request's canonical form, so a replay with the same key is recognised whatever its key order. */
export function refundFingerprint(input: RefundOrderInput): string {
  const lines = input.lines ? [...input.lines].sort((a, b) => a.orderLineId.localeCompare(b.orderLineId)).map((l) => [l.orderLineId, l.quantity]) : null;
  return JSON.stringify([input.orderId, input.amount ?? null, lines, input.reason, input.restock]);
}

interface PricedOrder {
  totalAmount: number;
  shippingAmount: number;
  subtotalAmount: number;
  lines: OrderLine[];
}

/**
 * What the shopper paid for `quantity` of a line: its goods value scaled by what the order's goods cost
 * them (tax and discount in, shipping out), rounded down so line refunds never add up past the order.
 */
export function lineRefundAmount(order: PricedOrder, line: OrderLine, quantity: number): number {
  if (order.subtotalAmount === 0) return 0;
  const goodsPaid = Math.max(order.totalAmount - order.shippingAmount, 0);
  return Math.floor((line.unitPriceAmount * quantity * goodsPaid) / order.subtotalAmount);
}

function pricedLines(order: PricedOrder, earlier: OrderRefund[], requested: { orderLineId: string; quantity: number }[]): RefundLine[] {
  const given = new Map<string, number>();
  for (const r of earlier) for (const l of r.lines as unknown as RefundLine[]) given.set(l.orderLineId, (given.get(l.orderLineId) ?? 0) + l.quantity);
  return requested.map(({ orderLineId, quantity }) => {
    const line = order.lines.find((l) => l.id === orderLineId);
    if (!line) throw new DomainError("BAD_REQUEST", "no such line on this order", { reason: "unknown-order-line", orderLineId });
    const left = line.quantity - (given.get(orderLineId) ?? 0);
    if (quantity > left) throw new ConflictError("more of this line than is left to refund", { reason: "line-over-refund", orderLineId, requested: quantity, left });
    return { orderLineId, quantity, amount: lineRefundAmount(order, line, quantity) };
  });
}

async function answerReplay(tx: Tx, tenantId: string, input: RefundOrderInput, fingerprint: string): Promise<RefundView | null> {
  const existing = await tx.orderRefund.findUnique({ where: { tenantId_idempotencyKey: { tenantId, idempotencyKey: input.idempotencyKey } } });
  if (!existing) return null;
  if (existing.fingerprint !== fingerprint) throw new RefundKeyReusedError();
  return refundView(existing);
}

/** The group's payment, read in platform context (payments are not tenant data); captured is final. */
async function capturedPayment(rootDb: Db, groupId: string): Promise<string | null> {
  return asPlatform(rootDb, async (tx) => {
    const group = await tx.orderGroup.findUnique({ where: { id: groupId }, select: { paymentId: true } });
    if (!group?.paymentId) return null;
    const payment = await tx.payment.findUnique({ where: { id: group.paymentId }, select: { status: true } });
    return payment && CAPTURED.includes(payment.status) ? group.paymentId : null;
  });
}

export interface RefundActor {
  tenantId: string;
  actorId: string;
}

/**
 * Refunds (part of) one of the tenant's orders. `tx` is the tenant's transaction; `rootDb` only reads
 * the payment's state. Refusals (typed) write nothing: over-refund, a reused key, an order not
 * refundable yet or any more, a payment not captured yet.
 */
export async function refundOrder(tx: Tx, rootDb: Db, actor: RefundActor, input: RefundOrderInput): Promise<RefundView & { replayed: boolean }> {
  const fingerprint = refundFingerprint(input);
  const early = await answerReplay(tx, actor.tenantId, input, fingerprint);
  if (early) return { ...early, replayed: true };

  const found = await tx.order.findUnique({ where: { id: input.orderId }, select: { groupId: true } });
  if (!found) throw new NotFoundError("order", { orderId: input.orderId });
  // Read before the lock (a second connection): a captured payment stays captured.
  const paymentId = await capturedPayment(rootDb, found.groupId);

  // Every refund of this order queues here, so the bound below sees all earlier ones committed.
  await tx.$queryRaw`SELECT id FROM orders WHERE id = ${input.orderId}::uuid FOR UPDATE`;
  const replay = await answerReplay(tx, actor.tenantId, input, fingerprint);
  if (replay) return { ...replay, replayed: true };

  const order = await tx.order.findUniqueOrThrow({ where: { id: input.orderId }, include: { lines: true, refunds: true } });
  if (order.status === "PENDING_PAYMENT") throw new ConflictError("the checkout of this order is still running", { reason: "checkout-in-progress", orderId: order.id });
  if (!REFUNDABLE.includes(order.status)) throw new OrderNotRefundableError(order.id, order.status);
  if (!paymentId) throw new PaymentNotCapturedError(order.id);

  // A refund the provider refused gave nothing back (decision 0028): it counts for neither bound.
  const live = order.refunds.filter((r) => r.state !== "FAILED");
  const lines = input.lines ? pricedLines(order, live, input.lines) : [];
  const amount = input.amount ?? lines.reduce((sum, l) => sum + l.amount, 0);
  const refundedBefore = live.reduce((sum, r) => sum + r.amount, 0);
  const remaining = order.totalAmount - refundedBefore;
  if (amount <= 0 || amount > remaining) throw new OverRefundError(order.id, amount, remaining);
  const refundedTotal = refundedBefore + amount;
  const full = refundedTotal === order.totalAmount;

  const id = randomUUID();
  try {
    await tx.orderRefund.create({
      data: {
        id,
        tenantId: actor.tenantId,
        orderId: order.id,
        groupId: order.groupId,
        paymentId,
        idempotencyKey: input.idempotencyKey,
        fingerprint,
        amount,
        currency: order.currency,
        reason: input.reason,
        lines: lines as unknown as Prisma.InputJsonValue,
        restock: input.restock,
        orderStatusBefore: order.status,
        nextAttemptAt: new Date(Date.now() + REFUND_HANDOVER_MS),
        actorId: actor.actorId,
      },
    });
  } catch (error) {
    // The same key raced in for another order of this tenant and committed first.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new RefundKeyReusedError();
    throw error;
  }
  await transitionOrder(tx, order.id, full ? "REFUNDED" : "PARTIALLY_REFUNDED");
  if (input.restock) await restockRefundedLines(tx, actor, order, lines, id);
  await enqueue(tx, {
    type: "orders.order.refunded",
    version: 1,
    tenantId: actor.tenantId,
    aggregateId: order.groupId,
    payload: { groupId: order.groupId, orderId: order.id, tenantId: actor.tenantId, refundId: id, amount, refundedTotal, full, currency: order.currency, reason: input.reason, actorId: actor.actorId },
  });
  return { ...refundView(await tx.orderRefund.findUniqueOrThrow({ where: { id } })), replayed: false };
}
