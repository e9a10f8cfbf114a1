import { z } from "zod";
import { cursorSchema } from "../catalog/catalog.fields";

const currency = z.string().regex(/^[A-Z]{3}$/, "an ISO 4217 currency code (upper case)");
const limit = z.number().int().min(1).max(100).default(25);

export const ledgerEntryKinds = ["SALE", "REFUND", "CANCELLATION", "PAYOUT", "PAYOUT_SETTLED", "PAYOUT_RETURNED", "REFUND_REVERSAL"] as const;
export const payoutStatuses = ["PENDING", "SENT", "PAID", "FAILED"] as const;

export const listEntriesSchema = z.strictObject({
  currency: currency.optional(),
  kind: z.enum(ledgerEntryKinds).optional(),
  orderId: z.uuid().optional(),
  /** Posted at or after / before these instants. */
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  cursor: cursorSchema.optional(),
  limit,
});
export type ListEntriesInput = z.infer<typeof listEntriesSchema>;

export const listPayoutsSchema = z.strictObject({
  currency: currency.optional(),
  status: z.enum(payoutStatuses).optional(),
  cursor: cursorSchema.optional(),
  limit,
});
export type ListPayoutsInput = z.infer<typeof listPayoutsSchema>;

export const payoutIdSchema = z.strictObject({ payoutId: z.uuid() });

export const platformTotalsSchema = z.strictObject({ currency: currency.optional() }).default({});
