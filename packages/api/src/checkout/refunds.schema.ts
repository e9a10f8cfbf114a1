import { z } from "zod";
import { text } from "../validation/text.schema";
import { idempotencyKeySchema } from "./checkout.schema";

// Input of `orders.refund`: either an amount of the order's captured share, or order lines with the
// quantities given back (their amount is derived from what the shopper paid, never sent by the client).

const refundLineSchema = z.strictObject({ orderLineId: z.uuid(), quantity: z.int().min(1).max(100_000) });

export const refundOrderSchema = z
  .strictObject({
    orderId: z.uuid(),
    /** Required: the same key with the same request answers the first refund; with another it is CONFLICT. */
    idempotencyKey: idempotencyKeySchema,
    /** Integer minor units of the order's currency. */
    amount: z.int().min(1).max(100_000_000).optional(),
    lines: z.array(refundLineSchema).min(1).max(200).optional(),
    reason: text({ max: 500 }),
    /** Return the refunded lines' quantities to stock (lines refunds only). */
    restock: z.boolean().default(false),
  })
  .refine((v) => (v.amount === undefined) !== (v.lines === undefined), { message: "give either an amount or lines", path: ["amount"] })
  .refine((v) => !v.restock || v.lines !== undefined, { message: "restock needs lines", path: ["restock"] })
  .refine((v) => !v.lines || new Set(v.lines.map((l) => l.orderLineId)).size === v.lines.length, { message: "each order line once", path: ["lines"] });
export type RefundOrderInput = z.output<typeof refundOrderSchema>;
