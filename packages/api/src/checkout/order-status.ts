import type { OrderStatus } from "@bazaar/db";
import type { Tx } from "@bazaar/db";
import { ConflictError, NotFoundError } from "../errors";

// An order's lifecycle (docs/architecture.md "Checkout"): the only way an order's status changes is
// `transitionOrder`, which checks the move against this table and applies it with one conditional
// UPDATE on (id, status), so two racing moves cannot both apply and an illegal one changes nothing.
//
// A PARTIALLY_REFUNDED order may still be shipped (a seller refunded one line and ships the rest), but
// the status alone does not say whether it shipped before the refund: the tracking number does (it is
// set by every fulfilment and never cleared), so fulfilling a refunded order that already shipped is
// refused like any other illegal move.

export const ORDER_TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  PENDING_PAYMENT: ["PAID", "CANCELLED"],
  PAID: ["PARTIALLY_FULFILLED", "FULFILLED", "CANCELLED", "PARTIALLY_REFUNDED", "REFUNDED"],
  PARTIALLY_FULFILLED: ["FULFILLED", "PARTIALLY_REFUNDED", "REFUNDED"],
  FULFILLED: ["DELIVERED", "PARTIALLY_REFUNDED", "REFUNDED"],
  DELIVERED: ["PARTIALLY_REFUNDED", "REFUNDED"],
  PARTIALLY_REFUNDED: ["PARTIALLY_FULFILLED", "FULFILLED", "PARTIALLY_REFUNDED", "REFUNDED"],
  CANCELLED: [],
  REFUNDED: [],
};

const FULFILMENT: readonly OrderStatus[] = ["PARTIALLY_FULFILLED", "FULFILLED"];

/** Whether `from` may become `to`; `shipped` (the order has a tracking number) closes a refunded order's way to fulfilment. */
export const canTransition = (from: OrderStatus, to: OrderStatus, shipped = false) =>
  ORDER_TRANSITIONS[from].includes(to) && !(shipped && from === "PARTIALLY_REFUNDED" && FULFILMENT.includes(to));

export class IllegalOrderTransitionError extends ConflictError {
  constructor(orderId: string, from: OrderStatus, to: OrderStatus) {
    super(`an order that is ${from} cannot become ${to}`, { reason: "illegal-transition", orderId, from, to });
    this.name = "IllegalOrderTransitionError";
  }
}

export interface OrderChange {
  trackingNumber?: string;
}

/**
 * Where an order may go back when the provider refused a refund (decision 0028): the refund never
 * happened, so the status it moved the order to is undone. Only the refund executor moves orders this
 * way; the seller's own moves follow ORDER_TRANSITIONS (where REFUNDED is final).
 */
export const REFUND_FAILURE_TRANSITIONS: Partial<Record<OrderStatus, readonly OrderStatus[]>> = {
  REFUNDED: ["PARTIALLY_REFUNDED", "PAID", "PARTIALLY_FULFILLED", "FULFILLED", "DELIVERED"],
  PARTIALLY_REFUNDED: ["PAID", "PARTIALLY_FULFILLED", "FULFILLED", "DELIVERED"],
};

type Allowed = (from: OrderStatus, shipped: boolean) => boolean;

async function move(tx: Tx, orderId: string, to: OrderStatus, allowed: Allowed, change: OrderChange): Promise<{ from: OrderStatus; to: OrderStatus }> {
  const order = await tx.order.findUnique({ where: { id: orderId }, select: { status: true, trackingNumber: true } });
  if (!order) throw new NotFoundError("order", { orderId });
  if (!allowed(order.status, order.trackingNumber !== null)) throw new IllegalOrderTransitionError(orderId, order.status, to);
  const updated = await tx.$executeRaw`
    UPDATE orders SET status = ${to}::"OrderStatus", version = version + 1, updated_at = now(),
           tracking_number = COALESCE(${change.trackingNumber ?? null}, tracking_number)
     WHERE id = ${orderId}::uuid AND status = ${order.status}::"OrderStatus"`;
  if (updated === 0) throw new IllegalOrderTransitionError(orderId, order.status, to);
  return { from: order.status, to };
}

/**
 * Moves one order (visible to `tx`: the seller's tenant context or platform) from its current status to
 * `to`. NOT_FOUND when `tx` cannot see it; IllegalOrderTransitionError when the table forbids it or a
 * concurrent move got there first.
 */
export function transitionOrder(tx: Tx, orderId: string, to: OrderStatus, change: OrderChange = {}): Promise<{ from: OrderStatus; to: OrderStatus }> {
  return move(tx, orderId, to, (from, shipped) => canTransition(from, to, shipped), change);
}

/** Undoes a refund's status change after the provider refused it (REFUND_FAILURE_TRANSITIONS). */
export function revertRefundedOrder(tx: Tx, orderId: string, to: OrderStatus): Promise<{ from: OrderStatus; to: OrderStatus }> {
  return move(tx, orderId, to, (from) => REFUND_FAILURE_TRANSITIONS[from]?.includes(to) ?? false, {});
}

/**
 * Moves several orders the caller has just read (status and tracking number as read in its
 * transaction) to `to` in one conditional UPDATE: the checkout saga marks every seller's order PAID at
 * once. All or nothing: a move the table forbids, or an order that moved since it was read, throws
 * IllegalOrderTransitionError and the caller's transaction rolls back.
 */
export async function transitionReadOrders(
  tx: Tx,
  orders: readonly { id: string; status: OrderStatus; trackingNumber: string | null }[],
  to: OrderStatus,
): Promise<void> {
  if (orders.length === 0) return;
  for (const o of orders) if (!canTransition(o.status, to, o.trackingNumber !== null)) throw new IllegalOrderTransitionError(o.id, o.status, to);
  const updated = await tx.$executeRaw`
    UPDATE orders o SET status = ${to}::"OrderStatus", version = o.version + 1, updated_at = now()
      FROM unnest(${orders.map((o) => o.id)}::uuid[], ${orders.map((o) => o.status)}::text[]) AS u(id, status)
     WHERE o.id = u.id AND o.status = u.status::"OrderStatus"`;
  if (updated !== orders.length) {
    const now = await tx.order.findMany({ where: { id: { in: orders.map((o) => o.id) } }, select: { id: true, status: true } });
    const moved = orders.find((o) => now.find((n) => n.id === o.id)?.status !== o.status) ?? orders[0]!;
    throw new IllegalOrderTransitionError(moved.id, now.find((n) => n.id === moved.id)?.status ?? moved.status, to);
  }
}
