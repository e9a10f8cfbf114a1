import { currencySchema, minorAmountSchema, providerNameSchema } from "@bazaar/payments";
import { z } from "zod";

// Inputs of the payments service. The checkout saga calls it in-process; the schemas still guard it so a
// float, a negative amount or an unknown provider is a typed BAD_REQUEST, never a row.

const key = z.string().min(8).max(200).regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces");

export const authorizePaymentSchema = z.strictObject({
  provider: providerNameSchema,
  orderGroupRef: z.string().min(1).max(255).regex(/^[\x21-\x7e]+$/),
  amount: minorAmountSchema,
  currency: currencySchema,
  idempotencyKey: key,
  returnUrl: z.url().max(2048).optional(),
  /** Sandbox and Stripe test hook: confirm at once with a test payment method instead of the hosted page. */
  paymentMethod: z.string().min(1).max(100).optional(),
});
export type AuthorizePaymentInput = z.input<typeof authorizePaymentSchema>;

export const capturePaymentSchema = z.strictObject({ paymentId: z.uuid(), amount: minorAmountSchema.optional() });
export const voidPaymentSchema = z.strictObject({ paymentId: z.uuid() });
export const refundPaymentSchema = z.strictObject({ paymentId: z.uuid(), amount: minorAmountSchema.optional(), idempotencyKey: key });
