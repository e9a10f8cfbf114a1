import { z } from "zod";
import { defineEvent } from "./contract";

// Checkout and orders (packages/api/src/checkout). Keyed by the order group, so one checkout's events
// stay ordered on `orders.events`. `placed` starts the checkout saga (apps/workers checkout-saga);
// `confirmed` and `cancelled` are its two possible ends, exactly one per group. Amounts are integer
// minor units of `currency`.

const money = z.number().int().nonnegative();
const currency = z.string().regex(/^[A-Z]{3}$/);

const sellerOrder = z.object({ orderId: z.uuid(), tenantId: z.uuid(), totalAmount: money, lineCount: z.number().int().positive() });

export const orderGroupPlacedV1 = defineEvent({
  type: "orders.order-group.placed",
  version: 1,
  topic: "orders.events",
  aggregateType: "order-group",
  payload: z.object({
    groupId: z.uuid(),
    sagaId: z.uuid(),
    shopperUserId: z.uuid().nullable(),
    currency,
    totalAmount: money,
    orders: z.array(sellerOrder).min(1),
  }),
});

/** Stock held and committed, payment authorized: every order of the group is PAID. */
export const orderGroupConfirmedV1 = defineEvent({
  type: "orders.order-group.confirmed",
  version: 1,
  topic: "orders.events",
  aggregateType: "order-group",
  payload: z.object({ groupId: z.uuid(), sagaId: z.uuid(), paymentId: z.uuid(), currency, totalAmount: money, orderIds: z.array(z.uuid()).min(1) }),
});

/** The saga compensated: stock released, payment voided or refunded, every order CANCELLED. */
export const orderGroupCancelledV1 = defineEvent({
  type: "orders.order-group.cancelled",
  version: 1,
  topic: "orders.events",
  aggregateType: "order-group",
  payload: z.object({ groupId: z.uuid(), sagaId: z.uuid(), reason: z.string().min(1).max(500), orderIds: z.array(z.uuid()).min(1) }),
});

/** A seller shipped their order (tracking number); when the payment waits for fulfilment, it is captured now. */
export const orderFulfilledV1 = defineEvent({
  type: "orders.order.fulfilled",
  version: 1,
  topic: "orders.events",
  aggregateType: "order-group",
  payload: z.object({ groupId: z.uuid(), orderId: z.uuid(), tenantId: z.uuid(), trackingNumber: z.string().min(1).max(100), actorId: z.uuid() }),
});

/** A seller cancelled a paid order: its share of the group's payment is refunded (or not captured). */
export const orderCancelledV1 = defineEvent({
  type: "orders.order.cancelled",
  version: 1,
  topic: "orders.events",
  aggregateType: "order-group",
  payload: z.object({ groupId: z.uuid(), orderId: z.uuid(), tenantId: z.uuid(), amount: money, currency, actorId: z.uuid() }),
});

/** Which refund of which order, and the order's refunded amount after it (both refund events). */
const refundFacts = { groupId: z.uuid(), orderId: z.uuid(), tenantId: z.uuid(), refundId: z.uuid(), amount: z.number().int().positive(), refundedTotal: money };

/**
 * A seller refunded (part of) a delivered, fulfilled or paid order after the checkout: `amount` of the
 * order's captured share went back to the shopper through the group's payment. `refundedTotal` is the
 * order's refunded amount after this one (equal to the order total when `full`). One event per refund
 * row; the ledger posts it once (its inbox) and a refund after a payout leaves a negative balance.
 */
export const orderRefundedV1 = defineEvent({
  type: "orders.order.refunded",
  version: 1,
  topic: "orders.events",
  aggregateType: "order-group",
  payload: z.object({
    ...refundFacts,
    full: z.boolean(),
    currency,
    reason: z.string().min(1).max(500),
    actorId: z.uuid(),
  }),
});

const orderStatus = z.enum(["PENDING_PAYMENT", "PAID", "PARTIALLY_FULFILLED", "FULFILLED", "DELIVERED", "CANCELLED", "PARTIALLY_REFUNDED", "REFUNDED"]);

/**
 * The provider refused a seller's refund (decision 0028): no money went back. The refund no longer
 * counts against the order's bound, `status` is the order's status after undoing the refund's move and
 * `refundedTotal` what the order's live refunds add up to now. The ledger reverses the refund's posting
 * once (source key `refund:<refundId>:failed`). Keyed like `orders.order.refunded`, so it follows it.
 */
export const orderRefundFailedV1 = defineEvent({
  type: "orders.refund.failed",
  version: 1,
  topic: "orders.events",
  aggregateType: "order-group",
  payload: z.object({
    ...refundFacts,
    currency,
    status: orderStatus,
    error: z.string().max(1_000),
  }),
});
