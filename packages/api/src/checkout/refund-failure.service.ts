import type { OrderRefund, OrderStatus, Tx } from "@bazaar/db";
import { enqueue } from "@bazaar/events";
import { revertRefundedOrder } from "./order-status";

// The provider refused a refund (decision 0028): nothing went back to the shopper, so the refund stops
// counting against the order's bound, the order's status is put back where the refund found it, and
// `orders.refund.failed` has the ledger reverse the refund's posting. One transaction, under the order's
// row lock (the lock every new refund of the order takes), so a refund asked for at the same moment
// sees either the refund still PENDING (and counts it) or FAILED (and does not).

type RefundFacts = Pick<OrderRefund, "state" | "amount" | "orderStatusBefore">;

const REFUNDING: readonly OrderStatus[] = ["PARTIALLY_REFUNDED", "REFUNDED"];

/**
 * The order's status once the FAILED refund (already FAILED in `refunds`, oldest first) is undone: still
 * partly refunded while other refunds stand; otherwise the status before the refunds began (the last
 * refund that moved it from a status of its own). Rows from before `order_status_before` existed fall
 * back to what the tracking number says. An order that moved on since (shipped) keeps its status.
 */
export function statusAfterFailedRefund(current: OrderStatus, total: number, refunds: RefundFacts[], shipped: boolean): OrderStatus {
  if (!REFUNDING.includes(current)) return current;
  const live = refunds.filter((r) => r.state !== "FAILED").reduce((sum, r) => sum + r.amount, 0);
  if (live >= total) return current;
  if (live > 0) return "PARTIALLY_REFUNDED";
  const entered = [...refunds].reverse().find((r) => r.orderStatusBefore !== null && !REFUNDING.includes(r.orderStatusBefore));
  return entered?.orderStatusBefore ?? (shipped ? "FULFILLED" : "PAID");
}

/** Marks the refund FAILED (if still PENDING) and undoes what it did to the order; false when it was not PENDING. */
export async function failRefund(tx: Tx, refund: OrderRefund, error: string, now: Date): Promise<boolean> {
  await tx.$queryRaw`SELECT id FROM orders WHERE id = ${refund.orderId}::uuid FOR UPDATE`;
  const { count } = await tx.orderRefund.updateMany({
    where: { id: refund.id, state: "PENDING" },
    data: { state: "FAILED", lastError: error, attempts: { increment: 1 }, completedAt: now },
  });
  if (count === 0) return false;
  const order = await tx.order.findUniqueOrThrow({ where: { id: refund.orderId }, include: { refunds: { orderBy: { createdAt: "asc" } } } });
  const status = statusAfterFailedRefund(order.status, order.totalAmount, order.refunds, order.trackingNumber !== null);
  if (status !== order.status) await revertRefundedOrder(tx, order.id, status);
  await enqueue(tx, {
    type: "orders.refund.failed",
    version: 1,
    tenantId: order.tenantId,
    aggregateId: order.groupId,
    payload: {
      groupId: order.groupId,
      orderId: order.id,
      tenantId: order.tenantId,
      refundId: refund.id,
      amount: refund.amount,
      refundedTotal: order.refunds.filter((r) => r.state !== "FAILED").reduce((sum, r) => sum + r.amount, 0),
      currency: order.currency,
      status,
      error,
    },
  });
  return true;
}
