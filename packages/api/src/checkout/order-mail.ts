import { asPlatform, type Db } from "@bazaar/db";
import type { PayloadOf } from "@bazaar/events";
import { orderStatusUrl } from "./order-link";

// What the shopper's order mails say, read from the order group (platform-only: the consumer that sends
// them may be scoped to the seller who caused the event). Each mail has an idempotency key per fact
// (the group confirmed, an order shipped, one refund), so a redelivered event sends nothing twice.

export interface OrderMailOptions {
  /** The storefront's public origin (WEB_ORIGIN): the mails link to its order status page. */
  origin: string;
  /** ORDER_LINK_SECRET; without one the link leads to the signed-in account page instead. */
  secret: string | undefined;
}

export type OrderMail =
  | { template: "order-confirmed"; to: string; idempotencyKey: string; data: { orderNumber: string; total: string; sellers: string; statusUrl: string } }
  | { template: "order-shipped"; to: string; idempotencyKey: string; data: { orderNumber: string; sellerName: string; trackingNumber: string; statusUrl: string } }
  | { template: "order-refunded"; to: string; idempotencyKey: string; data: { orderNumber: string; sellerName: string; amount: string; cancelled: boolean; statusUrl: string } }
  | { template: "order-refund-failed"; to: string; idempotencyKey: string; data: { orderNumber: string; sellerName: string; amount: string; statusUrl: string } };

/** "€41.53": minor units shown in the currency's own number of decimals. */
export function formatAmount(minor: number, currency: string): string {
  const format = new Intl.NumberFormat("en-US", { style: "currency", currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

function statusUrl(options: OrderMailOptions, groupId: string): string {
  return options.secret ? orderStatusUrl(options.origin, groupId, options.secret) : new URL(`/account/orders/${groupId}`, options.origin).toString();
}

async function groupFacts(db: Db, groupId: string) {
  return asPlatform(db, async (tx) => {
    const group = await tx.orderGroup.findUnique({ where: { id: groupId }, select: { id: true, email: true, orders: { select: { id: true, tenantId: true }, orderBy: { tenantId: "asc" } } } });
    if (!group) return null;
    const tenants = await tx.tenant.findMany({ where: { id: { in: group.orders.map((o) => o.tenantId) } }, select: { id: true, name: true } });
    return { ...group, sellerName: (tenantId: string) => tenants.find((t) => t.id === tenantId)?.name ?? "Your seller" };
  });
}

export async function orderConfirmedMail(db: Db, options: OrderMailOptions, p: PayloadOf<"orders.order-group.confirmed">): Promise<OrderMail | null> {
  const group = await groupFacts(db, p.groupId);
  if (!group) return null;
  return {
    template: "order-confirmed",
    to: group.email,
    idempotencyKey: `order-confirmed:${p.groupId}`,
    data: { orderNumber: p.groupId, total: formatAmount(p.totalAmount, p.currency), sellers: group.orders.map((o) => group.sellerName(o.tenantId)).join(", "), statusUrl: statusUrl(options, p.groupId) },
  };
}

export async function orderShippedMail(db: Db, options: OrderMailOptions, p: PayloadOf<"orders.order.fulfilled">): Promise<OrderMail | null> {
  const group = await groupFacts(db, p.groupId);
  if (!group) return null;
  return {
    template: "order-shipped",
    to: group.email,
    idempotencyKey: `order-shipped:${p.orderId}`,
    data: { orderNumber: p.groupId, sellerName: group.sellerName(p.tenantId), trackingNumber: p.trackingNumber, statusUrl: statusUrl(options, p.groupId) },
  };
}

/** A seller's refund (`orders.order.refunded`, one mail per refund) or a paid order cancelled (`orders.order.cancelled`). */
export async function orderRefundedMail(
  db: Db,
  options: OrderMailOptions,
  p: PayloadOf<"orders.order.refunded"> | PayloadOf<"orders.order.cancelled">,
): Promise<OrderMail | null> {
  const group = await groupFacts(db, p.groupId);
  if (!group) return null;
  const cancelled = !("refundId" in p);
  return {
    template: "order-refunded",
    to: group.email,
    idempotencyKey: cancelled ? `order-cancelled:${p.orderId}` : `order-refunded:${p.refundId}`,
    data: { orderNumber: p.groupId, sellerName: group.sellerName(p.tenantId), amount: formatAmount(p.amount, p.currency), cancelled, statusUrl: statusUrl(options, p.groupId) },
  };
}

/**
 * The provider refused a refund (`orders.refund.failed`): the shopper had the "refunded" mail when the
 * seller asked for it, so they are told no money went back. One mail per refund.
 */
export async function orderRefundFailedMail(db: Db, options: OrderMailOptions, p: PayloadOf<"orders.refund.failed">): Promise<OrderMail | null> {
  const group = await groupFacts(db, p.groupId);
  if (!group) return null;
  return {
    template: "order-refund-failed",
    to: group.email,
    idempotencyKey: `order-refund-failed:${p.refundId}`,
    data: { orderNumber: p.groupId, sellerName: group.sellerName(p.tenantId), amount: formatAmount(p.amount, p.currency), statusUrl: statusUrl(options, p.groupId) },
  };
}
