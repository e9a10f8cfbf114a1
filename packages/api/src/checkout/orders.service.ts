import { asPlatform, type Db, type Tx } from "@bazaar/db";
import { enqueue } from "@bazaar/events";
import { ConflictError, NotFoundError } from "../errors";
import { transitionOrder } from "./order-status";

// Reading and moving orders after checkout. Sellers work in their tenant context (row-level security
// shows them only their own orders); a shopper's order groups are read in platform context, always
// filtered by their user id, and show each seller's order with its status and tracking number only.

const sellerOrderInclude = { lines: { orderBy: { sku: "asc" as const } } };

export async function getSellerOrder(tx: Tx, orderId: string) {
  const order = await tx.order.findUnique({ where: { id: orderId }, include: sellerOrderInclude });
  if (!order) throw new NotFoundError("order", { orderId });
  return order;
}

/** Ships the order; the event lets the saga worker capture a payment that waits for fulfilment. */
export async function fulfilOrder(tx: Tx, actorId: string, orderId: string, trackingNumber: string) {
  await transitionOrder(tx, orderId, "FULFILLED", { trackingNumber });
  const order = await getSellerOrder(tx, orderId);
  await enqueue(tx, {
    type: "orders.order.fulfilled",
    version: 1,
    tenantId: order.tenantId,
    aggregateId: order.groupId,
    payload: { groupId: order.groupId, orderId, tenantId: order.tenantId, trackingNumber, actorId },
  });
  return order;
}

export async function markDelivered(tx: Tx, orderId: string) {
  await transitionOrder(tx, orderId, "DELIVERED");
  return getSellerOrder(tx, orderId);
}

/**
 * A seller cancels a paid order; the event has the saga worker refund its share of the group's payment
 * (or leave it out of a capture still to come). An order whose checkout is still running belongs to the
 * saga, which confirms or cancels it: CONFLICT `checkout-in-progress`.
 */
export async function cancelOrder(tx: Tx, actorId: string, orderId: string) {
  const order = await getSellerOrder(tx, orderId);
  if (order.status === "PENDING_PAYMENT") throw new ConflictError("the checkout of this order is still running", { reason: "checkout-in-progress", orderId });
  await transitionOrder(tx, orderId, "CANCELLED");
  await enqueue(tx, {
    type: "orders.order.cancelled",
    version: 1,
    tenantId: order.tenantId,
    aggregateId: order.groupId,
    payload: { groupId: order.groupId, orderId, tenantId: order.tenantId, amount: order.totalAmount, currency: order.currency, actorId },
  });
  return getSellerOrder(tx, orderId);
}

const shopperGroupSelect = {
  id: true,
  status: true,
  currency: true,
  totalAmount: true,
  createdAt: true,
  orders: {
    select: { id: true, tenantId: true, status: true, totalAmount: true, trackingNumber: true, lines: { select: { sku: true, title: true, quantity: true, unitPriceAmount: true, lineTotalAmount: true } } },
    orderBy: { tenantId: "asc" as const },
  },
};

export function listMyOrderGroups(db: Db, userId: string, limit = 50) {
  return asPlatform(db, (tx) => tx.orderGroup.findMany({ where: { shopperUserId: userId }, select: shopperGroupSelect, orderBy: { createdAt: "desc" }, take: limit }));
}

export async function getMyOrderGroup(db: Db, userId: string, groupId: string) {
  const group = await asPlatform(db, (tx) => tx.orderGroup.findFirst({ where: { id: groupId, shopperUserId: userId }, select: shopperGroupSelect }));
  if (!group) throw new NotFoundError("order group", { groupId });
  return group;
}
