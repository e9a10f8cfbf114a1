import { z } from "zod";
import { text } from "../validation/text.schema";

// Inputs of checkout and the order procedures. Free text goes through the shared text schemas, so an
// address cannot carry control characters, NUL or unpaired surrogates into an order or a label.

export const idempotencyKeySchema = z.string().min(8).max(200).regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces");

export const shippingAddressSchema = z.strictObject({
  name: text({ max: 200 }),
  line1: text({ max: 200 }),
  line2: text({ max: 200 }).optional(),
  city: text({ max: 100 }),
  region: text({ max: 100 }).optional(),
  postalCode: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9 -]{1,10}$/, "a postal code"),
  /** ISO 3166-1 alpha-2; also the tax region. */
  country: z.string().regex(/^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 country code"),
  phone: z.string().regex(/^\+?[0-9 ()-]{6,20}$/).optional(),
});
export type ShippingAddress = z.infer<typeof shippingAddressSchema>;

export const placeOrderSchema = z.strictObject({
  cartId: z.uuid(),
  token: z.string().min(16).max(100).regex(/^[A-Za-z0-9_-]+$/).optional(),
  /** Required: the same key with the same cart answers the first order group; with another cart it is CONFLICT. */
  idempotencyKey: idempotencyKeySchema,
  /** Required for guests; a signed-in shopper's account address when omitted. */
  email: z.email().max(254).optional(),
  shippingAddress: shippingAddressSchema,
  /** Sandbox/Stripe test hook: a test payment method (e.g. pm_card_visa) instead of the hosted page. */
  paymentMethod: z.string().regex(/^pm_[A-Za-z0-9_]{1,60}$/).optional(),
});
export type PlaceOrderInput = z.infer<typeof placeOrderSchema>;

export const orderIdSchema = z.strictObject({ orderId: z.uuid() });
export const fulfilOrderSchema = z.strictObject({ orderId: z.uuid(), trackingNumber: text({ max: 100 }) });
export const orderStatusSchema = z.enum(["PENDING_PAYMENT", "PAID", "PARTIALLY_FULFILLED", "FULFILLED", "DELIVERED", "CANCELLED", "PARTIALLY_REFUNDED", "REFUNDED"]);
export const listOrdersSchema = z
  .strictObject({
    status: orderStatusSchema.optional(),
    /** Placed at or after / before (exclusive) these instants. */
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    /** An order id (or its first characters) or the shopper's email (whole, any case). */
    search: z.string().trim().min(1).max(254).optional(),
    cursor: z.string().regex(/^[A-Za-z0-9_-]{1,400}$/, "a cursor returned by the previous page").optional(),
    limit: z.number().int().min(1).max(100).default(50),
  })
  .refine((v) => !v.from || !v.to || v.from < v.to, { message: "from must be before to", path: ["to"] });
export type ListOrdersInput = z.output<typeof listOrdersSchema>;
export const groupIdSchema = z.strictObject({ groupId: z.uuid() });
