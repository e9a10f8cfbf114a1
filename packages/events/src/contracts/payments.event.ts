import { z } from "zod";
import { defineEvent } from "./contract";

// Payments (packages/api/src/payments). One event per state-machine transition of a payment, keyed by
// the payment id so one payment's events stay ordered. The checkout saga drives on these: authorized →
// confirm the orders; failed → compensate; captured/refunded → the seller ledger. Amounts are integer
// minor units of `currency`; `capturedAmount` and `refundedAmount` are running totals after the transition.

const paymentPayload = z.object({
  paymentId: z.uuid(),
  provider: z.enum(["sandbox", "stripe", "paystack"]),
  providerPaymentId: z.string().min(1).max(255).nullable(),
  orderGroupRef: z.string().min(1).max(255),
  amount: z.number().int().positive(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  status: z.enum(["AUTHORIZING", "REQUIRES_ACTION", "AUTHORIZED", "CAPTURED", "PARTIALLY_REFUNDED", "REFUNDED", "VOIDED", "FAILED"]),
  capturedAmount: z.number().int().nonnegative(),
  refundedAmount: z.number().int().nonnegative(),
  /** Bumped by every transition: a reader can drop an older snapshot of the same payment. */
  version: z.number().int().positive(),
});

const paymentEvent = <const T extends string, P extends z.ZodType>(type: T, payload: P) =>
  defineEvent({ type, version: 1, topic: "payments.events", aggregateType: "payment", payload });

/** The shopper has a challenge to answer (3-D Secure); `nextActionUrl` is where. */
export const paymentActionRequiredV1 = paymentEvent("payments.payment.action-required", paymentPayload.extend({ nextActionUrl: z.url().nullable() }));

/** Funds are held at the provider; capture pending. */
export const paymentAuthorizedV1 = paymentEvent("payments.payment.authorized", paymentPayload);

/** Money moved: `capturedAmount` (≤ amount; a partial capture releases the rest). Emitted once per payment. */
export const paymentCapturedV1 = paymentEvent("payments.payment.captured", paymentPayload);

/** A refund raised `refundedAmount` (status PARTIALLY_REFUNDED or REFUNDED). */
export const paymentRefundedV1 = paymentEvent("payments.payment.refunded", paymentPayload.extend({ refundDelta: z.number().int().positive() }));

/** The authorization was released before capture. */
export const paymentVoidedV1 = paymentEvent("payments.payment.voided", paymentPayload);

/** Declined, insufficient funds, failed authentication: terminal; a retry is a new payment. */
export const paymentFailedV1 = paymentEvent("payments.payment.failed", paymentPayload.extend({ failureCode: z.string().max(255).nullable() }));

export const paymentPayloadSchema = paymentPayload;
export type PaymentEventPayload = z.infer<typeof paymentPayload>;
