import { z } from "zod";
import type { ProviderEvent, ProviderName, ProviderPaymentStatus, WebhookVerification } from "./provider";

// Stripe-shaped events (what Stripe and the sandbox send) mapped onto the provider-neutral event. Only
// the fields the platform acts on are read; everything else in the payload is ignored.

const metadataSchema = z.record(z.string(), z.string()).nullish();

const paymentIntentSchema = z.object({
  object: z.literal("payment_intent"),
  id: z.string().min(1),
  status: z.string(),
  amount: z.number().int().nonnegative(),
  amount_received: z.number().int().nonnegative().nullish(),
  currency: z.string(),
  metadata: metadataSchema,
  last_payment_error: z.object({ code: z.string().nullish(), decline_code: z.string().nullish() }).nullish(),
  next_action: z.object({ redirect_to_url: z.object({ url: z.string().max(2048) }).nullish() }).nullish(),
});

const chargeSchema = z.object({
  object: z.literal("charge"),
  id: z.string().min(1),
  payment_intent: z.string().nullish(),
  status: z.string(),
  amount: z.number().int().nonnegative(),
  amount_captured: z.number().int().nonnegative().nullish(),
  amount_refunded: z.number().int().nonnegative(),
  currency: z.string(),
  metadata: metadataSchema,
});

const transferSchema = z
  .object({ object: z.literal("transfer"), id: z.string().min(1), metadata: metadataSchema, failure_code: z.string().max(255).nullish(), amount: z.number().int().nonnegative().nullish(), currency: z.string().nullish() })
  .loose();

export const stripeEventSchema = z.object({
  id: z.string().min(1).max(255),
  object: z.literal("event"),
  type: z.string().min(1).max(255),
  created: z.number().int().nonnegative(),
  data: z.object({
    object: z.union([paymentIntentSchema.loose(), chargeSchema.loose(), transferSchema, z.object({ object: z.string() }).loose()]),
  }),
});
export type StripeShapedEvent = z.infer<typeof stripeEventSchema>;

const kindByType: Record<string, ProviderEvent["kind"]> = {
  "payment_intent.requires_action": "action_required",
  "payment_intent.processing": "processing",
  "payment_intent.amount_capturable_updated": "authorized",
  "payment_intent.succeeded": "captured",
  "payment_intent.payment_failed": "failed",
  "payment_intent.canceled": "canceled",
  "charge.refunded": "refunded",
  "transfer.created": "payout",
  "transfer.paid": "payout_paid",
  "transfer.failed": "payout_failed",
};

export function normalizeStripeEvent(provider: ProviderName, json: unknown): WebhookVerification {
  const parsed = stripeEventSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: "malformed", message: parsed.error.issues.map((i) => i.message).join("; ") };
  const e = parsed.data;
  const obj = e.data.object;
  const base = {
    provider,
    id: e.id,
    type: e.type,
    kind: kindByType[e.type] ?? ("other" as const),
    occurredAt: new Date(e.created * 1000),
  };
  const pi = paymentIntentSchema.safeParse(obj);
  if (pi.success) {
    const p = pi.data;
    return {
      ok: true,
      event: {
        ...base,
        providerPaymentId: p.id,
        paymentRef: p.metadata?.payment_id ?? null,
        status: p.status,
        amount: p.amount,
        amountCaptured: p.status === "succeeded" ? (p.amount_received ?? p.amount) : null,
        amountRefunded: null,
        currency: p.currency.toUpperCase(),
        failureCode: p.last_payment_error?.decline_code ?? p.last_payment_error?.code ?? null,
        nextActionUrl: p.next_action?.redirect_to_url?.url ?? null,
      },
    };
  }
  const charge = chargeSchema.safeParse(obj);
  if (charge.success) {
    const c = charge.data;
    return {
      ok: true,
      event: {
        ...base,
        providerPaymentId: c.payment_intent ?? null,
        paymentRef: c.metadata?.payment_id ?? null,
        status: c.status,
        amount: c.amount,
        amountCaptured: c.amount_captured ?? null,
        amountRefunded: c.amount_refunded,
        currency: c.currency.toUpperCase(),
        failureCode: null,
        nextActionUrl: null,
      },
    };
  }
  const transfer = transferSchema.safeParse(obj);
  if (transfer.success) {
    const t = transfer.data;
    return {
      ok: true,
      event: {
        ...base,
        providerPaymentId: null,
        paymentRef: null,
        status: base.kind === "payout_paid" ? "paid" : base.kind === "payout_failed" ? "failed" : null,
        amount: t.amount ?? null,
        amountCaptured: null,
        amountRefunded: null,
        currency: t.currency ? t.currency.toUpperCase() : null,
        failureCode: t.failure_code ?? null,
        nextActionUrl: null,
        transferId: t.id,
        payoutRef: t.metadata?.payout_id ?? null,
      },
    };
  }
  if (base.kind !== "other" && base.kind !== "payout") {
    return { ok: false, reason: "malformed", message: `${e.type} without a payment_intent or charge object` };
  }
  return {
    ok: true,
    event: { ...base, providerPaymentId: null, paymentRef: null, status: null, amount: null, amountCaptured: null, amountRefunded: null, currency: null, failureCode: null, nextActionUrl: null },
  };
}

export function parseJsonBody(rawBody: Buffer | string): { ok: true; json: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, json: JSON.parse(typeof rawBody === "string" ? rawBody : rawBody.toString("utf8")) };
  } catch {
    return { ok: false, message: "body is not JSON" };
  }
}

/** A Stripe PaymentIntent status in the platform's words; a declined attempt leaves requires_payment_method + an error. */
export function statusFromIntent(status: string, lastPaymentError: unknown): ProviderPaymentStatus {
  switch (status) {
    case "requires_payment_method":
    case "requires_confirmation":
      return lastPaymentError ? "failed" : "pending";
    case "requires_action":
      return "requires_action";
    case "processing":
      return "processing";
    case "requires_capture":
      return "authorized";
    case "succeeded":
      return "captured";
    case "canceled":
      return "canceled";
    default:
      return "pending";
  }
}
