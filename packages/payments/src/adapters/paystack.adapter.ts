import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import {
  headerValue,
  ProviderError,
  type AuthorizeInput,
  type AuthorizeResult,
  type CaptureInput,
  type CaptureResult,
  type PaymentProvider,
  type PayoutInput,
  type PayoutResult,
  type ProviderEvent,
  type ProviderPaymentStatus,
  type RefundInput,
  type RefundResult,
  type VoidInput,
  type WebhookHeaders,
  type WebhookVerification,
} from "../provider";
import { parseJsonBody } from "../stripe-events";

// Paystack over its REST API (fetch; Paystack publishes no official Node SDK). Differences from Stripe
// that the platform has to live with, documented in packages/payments/README.md:
// - a card payment is captured when it succeeds: `authorize` opens the hosted checkout, `capture` only
//   verifies the transaction, and a partial capture is refused;
// - idempotency rides on our unique `reference` (Paystack refuses a duplicate reference);
// - webhooks carry no timestamp and no event id: the signature is HMAC-SHA512 of the raw body with the
//   secret key, and the inbox key is `<event>:<data.id>`, so a replay is caught by the inbox only.
// Paystack cannot be reached from this environment: only webhook verification is tested.

const envelope = z.object({ status: z.boolean(), message: z.string(), data: z.unknown() });

export const paystackWebhookSchema = z.object({
  event: z.string().min(1).max(255),
  data: z
    .object({
      id: z.union([z.number(), z.string()]),
      reference: z.string().nullish(),
      transaction_reference: z.string().nullish(),
      status: z.string().nullish(),
      amount: z.number().int().nonnegative().nullish(),
      currency: z.string().regex(/^[A-Za-z]{3}$/).nullish(),
      paid_at: z.string().nullish(),
      gateway_response: z.string().nullish(),
      /** Transfer events: Paystack's transfer code (what `payout` answered as transferId). */
      transfer_code: z.string().max(255).nullish(),
      metadata: z.union([z.record(z.string(), z.unknown()), z.string(), z.null()]).optional(),
    })
    .loose(),
});

const kindByEvent: Record<string, ProviderEvent["kind"]> = {
  "charge.success": "captured",
  "charge.failed": "failed",
  "refund.processed": "refunded",
  // A transfer is final only when Paystack says so: success settles the payout, failed and reversed
  // return the money to the seller's balance (decision 0028).
  "transfer.success": "payout_paid",
  "transfer.failed": "payout_failed",
  "transfer.reversed": "payout_failed",
};

/** `payout` sends our idempotency key `payout:<id>` as the reference, with ':' made '-'. */
const PAYOUT_REFERENCE = /^payout-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export interface PaystackProviderOptions {
  secretKey: string;
  baseUrl?: string;
}

export function paystackSignature(secretKey: string, rawBody: Buffer | string): string {
  return createHmac("sha512", secretKey).update(rawBody).digest("hex");
}

export class PaystackProvider implements PaymentProvider {
  readonly name = "paystack" as const;

  constructor(private readonly o: PaystackProviderOptions) {}

  private async request<S extends z.ZodType>(schema: S, method: "GET" | "POST", path: string, body?: unknown): Promise<z.output<S>> {
    const res = await fetch(`${this.o.baseUrl ?? "https://api.paystack.co"}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.o.secretKey}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    }).catch((error: unknown) => {
      throw new ProviderError("paystack", "unreachable", error instanceof Error ? error.message : String(error));
    });
    const json: unknown = await res.json().catch(() => null);
    const parsed = envelope.safeParse(json);
    const data = parsed.success && parsed.data.status ? schema.safeParse(parsed.data.data) : undefined;
    if (!res.ok || !data?.success) {
      const message = (json as { message?: string } | null)?.message ?? `HTTP ${res.status}`;
      throw new ProviderError("paystack", "request_failed", message, res.status);
    }
    return data.data;
  }

  async authorize(input: AuthorizeInput): Promise<AuthorizeResult> {
    const email = input.metadata.email;
    if (!email) throw new ProviderError("paystack", "missing_email", "Paystack needs the payer's email (metadata.email)");
    const reference = input.idempotencyKey.replace(/[^A-Za-z0-9.=-]/g, "-").slice(0, 100);
    const data = await this.request(z.object({ authorization_url: z.url(), reference: z.string() }), "POST", "/transaction/initialize", {
      email,
      amount: input.amount,
      currency: input.currency,
      reference,
      metadata: input.metadata,
      ...(input.returnUrl ? { callback_url: input.returnUrl } : {}),
    });
    return { providerPaymentId: data.reference, status: "pending", nextAction: { type: "redirect", url: data.authorization_url } };
  }

  async capture(input: CaptureInput): Promise<CaptureResult> {
    const tx = await this.request(z.object({ status: z.string(), amount: z.number().int() }), "GET", `/transaction/verify/${encodeURIComponent(input.providerPaymentId)}`);
    if (input.amount !== undefined && input.amount !== tx.amount) {
      throw new ProviderError("paystack", "not_supported", "Paystack captures the whole amount when the card is charged; refund the difference instead");
    }
    const status: ProviderPaymentStatus = tx.status === "success" ? "captured" : tx.status === "failed" ? "failed" : "pending";
    return { status, capturedAmount: tx.status === "success" ? tx.amount : 0 };
  }

  async void(input: VoidInput): Promise<{ status: ProviderPaymentStatus }> {
    const { status } = await this.capture({ providerPaymentId: input.providerPaymentId, idempotencyKey: input.idempotencyKey });
    // An unpaid transaction simply lapses; a paid one cannot be voided, only refunded.
    if (status === "captured") throw new ProviderError("paystack", "not_supported", "a successful Paystack charge cannot be voided; refund it");
    return { status: "canceled" };
  }

  async refund(input: RefundInput): Promise<RefundResult> {
    const data = await this.request(z.object({ id: z.union([z.number(), z.string()]), amount: z.number().int() }).loose(), "POST", "/refund", {
      transaction: input.providerPaymentId,
      ...(input.amount === undefined ? {} : { amount: input.amount }),
    });
    return { refundId: String(data.id), amount: data.amount, totalRefunded: data.amount };
  }

  async payout(input: PayoutInput): Promise<PayoutResult> {
    const data = await this.request(z.object({ transfer_code: z.string(), status: z.string() }).loose(), "POST", "/transfer", {
      source: "balance",
      amount: input.amount,
      currency: input.currency,
      recipient: input.destination,
      reference: input.idempotencyKey.replace(/[^a-z0-9_-]/g, "-").slice(0, 100),
      reason: input.metadata.reason ?? "Bazaar payout",
    });
    return { transferId: data.transfer_code, status: data.status === "success" ? "paid" : data.status === "failed" ? "failed" : "pending" };
  }

  parseAndVerifyWebhook(rawBody: Buffer | string, headers: WebhookHeaders): WebhookVerification {
    const signature = headerValue(headers, "x-paystack-signature");
    if (!signature) return { ok: false, reason: "missing-signature", message: "no x-paystack-signature header" };
    const expected = Buffer.from(paystackSignature(this.o.secretKey, rawBody), "hex");
    const given = /^[0-9a-f]{128}$/i.test(signature) ? Buffer.from(signature, "hex") : Buffer.alloc(0);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, reason: "bad-signature", message: "x-paystack-signature does not match the payload" };
    }
    const body = parseJsonBody(rawBody);
    if (!body.ok) return { ok: false, reason: "malformed", message: body.message };
    const parsed = paystackWebhookSchema.safeParse(body.json);
    if (!parsed.success) return { ok: false, reason: "malformed", message: parsed.error.issues.map((i) => i.message).join("; ") };
    const { event, data } = parsed.data;
    const kind = kindByEvent[event] ?? "other";
    const metadata = typeof data.metadata === "object" && data.metadata ? data.metadata : {};
    const paymentRef = typeof metadata.payment_id === "string" ? metadata.payment_id : null;
    const payout = kind === "payout_paid" || kind === "payout_failed";
    if (payout) {
      return {
        ok: true,
        event: {
          provider: "paystack",
          id: `${event}:${data.id}`,
          type: event,
          kind,
          providerPaymentId: null,
          paymentRef: null,
          status: kind === "payout_paid" ? "paid" : "failed",
          amount: data.amount ?? null,
          amountCaptured: null,
          amountRefunded: null,
          currency: data.currency ? data.currency.toUpperCase() : null,
          failureCode: kind === "payout_failed" ? (event === "transfer.reversed" ? "reversed" : (data.gateway_response ?? data.status ?? "failed")) : null,
          nextActionUrl: null,
          occurredAt: new Date(),
          transferId: data.transfer_code ?? null,
          payoutRef: PAYOUT_REFERENCE.exec(data.reference ?? "")?.[1] ?? null,
        },
      };
    }
    return {
      ok: true,
      event: {
        provider: "paystack",
        id: `${event}:${data.id}`,
        type: event,
        kind,
        providerPaymentId: data.transaction_reference ?? data.reference ?? null,
        paymentRef,
        status: data.status ?? null,
        amount: data.amount ?? null,
        amountCaptured: kind === "captured" ? (data.amount ?? null) : null,
        // A refund event names that refund's amount, not the running total the state machine needs.
        amountRefunded: null,
        currency: data.currency ? data.currency.toUpperCase() : null,
        failureCode: kind === "failed" ? (data.gateway_response ?? null) : null,
        nextActionUrl: null,
        occurredAt: data.paid_at ? new Date(data.paid_at) : new Date(),
      },
    };
  }
}
