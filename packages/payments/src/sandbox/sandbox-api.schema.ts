import { z } from "zod";

// Request bodies of the sandbox's API (JSON; Stripe's own API takes form encoding, the shapes match).

const amount = z.number().int().min(1).max(99_999_999);
const currency = z.string().regex(/^[A-Za-z]{3}$/, "a three-letter ISO currency code");
const metadata = z
  .record(z.string().max(40), z.string().max(500))
  .refine((m) => Object.keys(m).length <= 50, "at most 50 metadata keys")
  .default({});

export const createIntentSchema = z.strictObject({
  amount,
  currency,
  capture_method: z.enum(["manual", "automatic"]).default("automatic"),
  metadata,
  return_url: z.url().optional(),
  payment_method: z.string().max(100).optional(),
  confirm: z.boolean().optional(),
});

export const captureSchema = z.strictObject({ amount_to_capture: amount.optional() });
export const cancelSchema = z.strictObject({ cancellation_reason: z.string().max(100).optional() });
export const refundSchema = z.strictObject({ payment_intent: z.string().min(1).max(255), amount: amount.optional() });
export const transferSchema = z.strictObject({ amount, currency, destination: z.string().min(1).max(255), metadata });

const loopbackUrl = z.url().refine((u) => ["127.0.0.1", "localhost", "[::1]"].includes(new URL(u).hostname), "a loopback URL");

/** Test control: change chaos or the endpoint of a running sandbox. */
export const sandboxConfigSchema = z.strictObject({
  duplicate_rate: z.number().min(0).max(1).optional(),
  reorder_jitter_ms: z.number().int().min(0).max(60_000).optional(),
  webhook_before_response: z.boolean().optional(),
  webhook_url: loopbackUrl.optional(),
  /** The next N refund requests are refused by the "issuer" (402 refund_declined), like Stripe's refund-failure test card. */
  fail_next_refunds: z.number().int().min(0).max(1_000).optional(),
});
