import { z } from "zod";

// One interface for every payment provider (the sandbox, Stripe, Paystack). The platform's payments
// service and the checkout saga only ever see these types; provider-specific shapes stay in adapters.

export const providerNames = ["sandbox", "stripe", "paystack"] as const;
export const providerNameSchema = z.enum(providerNames);
export type ProviderName = z.infer<typeof providerNameSchema>;

/** ISO 4217 code, upper case. */
export const currencySchema = z.string().regex(/^[A-Z]{3}$/, "an ISO 4217 currency code (upper case)");
/** Integer minor units (cents, kobo ...): money is never a float. */
export const minorAmountSchema = z.number().int().positive().max(99_999_999);

/** Where a payment stands at the provider, in the platform's words. */
export const providerPaymentStatuses = [
  "pending", // created; the shopper has not paid yet (hosted page, client-side confirmation)
  "requires_action", // 3-D Secure or another challenge is open
  "processing", // the processor has not answered yet
  "authorized", // funds held, capture pending
  "captured",
  "canceled",
  "failed",
] as const;
export const providerPaymentStatusSchema = z.enum(providerPaymentStatuses);
export type ProviderPaymentStatus = z.infer<typeof providerPaymentStatusSchema>;

export type NextAction =
  | { type: "redirect"; url: string }
  | { type: "client_secret"; clientSecret: string }
  | { type: "none" };

export interface AuthorizeInput {
  amount: number;
  currency: string;
  /** Same key, same parameters: the provider answers the first result and holds funds once. */
  idempotencyKey: string;
  /** Echoed back in every webhook; `payment_id` lets a webhook find its payment before authorize returns. */
  metadata: Record<string, string>;
  /** Where the hosted page sends the shopper afterwards. */
  returnUrl?: string;
  /** Test hook of the sandbox: a payment method to confirm with at once (no hosted page). */
  paymentMethod?: string;
}

export interface AuthorizeResult {
  providerPaymentId: string;
  status: ProviderPaymentStatus;
  nextAction: NextAction;
  failureCode?: string | null;
}

export interface CaptureInput {
  providerPaymentId: string;
  /** Omitted: the whole authorized amount. */
  amount?: number;
  idempotencyKey: string;
}

export interface CaptureResult {
  status: ProviderPaymentStatus;
  capturedAmount: number;
}

export interface VoidInput {
  providerPaymentId: string;
  idempotencyKey: string;
}

export interface RefundInput {
  providerPaymentId: string;
  /** Omitted: everything captured and not yet refunded. */
  amount?: number;
  idempotencyKey: string;
}

export interface RefundResult {
  refundId: string;
  amount: number;
  /** Everything refunded on this payment so far, this refund included. */
  totalRefunded: number;
}

export interface PayoutInput {
  /** The seller's account at the provider (Stripe connected account, Paystack recipient code). */
  destination: string;
  amount: number;
  currency: string;
  idempotencyKey: string;
  metadata: Record<string, string>;
}

export interface PayoutResult {
  transferId: string;
  status: "paid" | "pending" | "failed";
}

/** What a verified webhook says, normalized. `kind` drives the platform's payment state machine. */
export const providerEventKinds = [
  "action_required",
  "processing",
  "authorized",
  "captured",
  "failed",
  "canceled",
  "refunded",
  "payout",
  /** A payout transfer reached the seller's account / came back (transfer.paid / transfer.failed). */
  "payout_paid",
  "payout_failed",
  "other",
] as const;

export const providerEventSchema = z.object({
  provider: providerNameSchema,
  /** The provider's event id: the inbox key together with the provider. */
  id: z.string().min(1).max(255),
  /** The provider's own event type, e.g. `payment_intent.succeeded`. */
  type: z.string().min(1).max(255),
  kind: z.enum(providerEventKinds),
  providerPaymentId: z.string().min(1).max(255).nullable(),
  /** Our payment id from the metadata, when the provider echoes it. */
  paymentRef: z.string().max(255).nullable(),
  status: z.string().max(64).nullable(),
  amount: z.number().int().nonnegative().nullable(),
  amountCaptured: z.number().int().nonnegative().nullable(),
  amountRefunded: z.number().int().nonnegative().nullable(),
  currency: currencySchema.nullable(),
  failureCode: z.string().max(255).nullable(),
  /** Where the shopper must go next (3-D Secure page), when the event says so. */
  nextActionUrl: z.string().max(2048).nullable(),
  /** Payout events: the provider's transfer id, and our payout id from the transfer's metadata. */
  transferId: z.string().max(255).nullable().optional(),
  payoutRef: z.string().max(255).nullable().optional(),
  occurredAt: z.date(),
});
export type ProviderEvent = z.infer<typeof providerEventSchema>;

export type WebhookRefusalReason = "missing-signature" | "bad-signature" | "stale-timestamp" | "malformed";

export type WebhookVerification =
  | { ok: true; event: ProviderEvent }
  | { ok: false; reason: WebhookRefusalReason; message: string };

export type WebhookHeaders = Record<string, string | string[] | undefined>;

export interface PaymentProvider {
  readonly name: ProviderName;
  authorize(input: AuthorizeInput): Promise<AuthorizeResult>;
  capture(input: CaptureInput): Promise<CaptureResult>;
  void(input: VoidInput): Promise<{ status: ProviderPaymentStatus }>;
  refund(input: RefundInput): Promise<RefundResult>;
  payout(input: PayoutInput): Promise<PayoutResult>;
  /** Checks the signature on the RAW body (never a re-serialized one) and parses the event. */
  parseAndVerifyWebhook(rawBody: Buffer | string, headers: WebhookHeaders, now?: Date): WebhookVerification;
}

/** A provider answered with an error the caller can act on (declined request, idempotency mismatch). */
export class ProviderError extends Error {
  constructor(
    readonly provider: ProviderName,
    readonly code: string,
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}

export function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()] ?? headers[name];
  return Array.isArray(v) ? v[0] : v;
}
