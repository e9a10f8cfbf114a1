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
  type ProviderPaymentStatus,
  type RefundInput,
  type RefundResult,
  type VoidInput,
  type WebhookHeaders,
  type WebhookVerification,
} from "../provider";
import { normalizeStripeEvent, parseJsonBody, statusFromIntent } from "../stripe-events";
import { verifyStripeSignature } from "../stripe-signature";

// The sandbox provider over HTTP: the same calls a Stripe integration makes, against the local process.

const intentSchema = z
  .object({
    id: z.string(),
    status: z.string(),
    amount: z.number().int(),
    amount_received: z.number().int(),
    amount_refunded: z.number().int(),
    last_payment_error: z.object({ code: z.string(), decline_code: z.string() }).nullable(),
    next_action: z.object({ redirect_to_url: z.object({ url: z.string() }) }).nullable(),
  })
  .loose();

const refundSchema = z.object({ id: z.string(), amount: z.number().int(), payment_intent: z.string() }).loose();
const transferSchema = z.object({ id: z.string(), status: z.enum(["pending", "paid", "failed"]).optional() }).loose();
const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export interface SandboxProviderOptions {
  /** The sandbox process, e.g. http://127.0.0.1:4200. */
  baseUrl: string;
  webhookSecret: string;
  timeoutMs?: number;
}

export class SandboxProvider implements PaymentProvider {
  readonly name = "sandbox" as const;

  constructor(private readonly o: SandboxProviderOptions) {}

  private async post<S extends z.ZodType>(schema: S, path: string, body: unknown, idempotencyKey: string): Promise<z.output<S>> {
    let res: Response;
    try {
      res = await fetch(`${this.o.baseUrl}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": idempotencyKey },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new ProviderError("sandbox", "unreachable", `sandbox unreachable: ${error instanceof Error ? error.message : String(error)}`);
    }
    const json: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const e = errorSchema.safeParse(json);
      throw new ProviderError("sandbox", e.success ? e.data.error.code : "http_error", e.success ? e.data.error.message : `HTTP ${res.status}`, res.status);
    }
    return schema.parse(json);
  }

  private status(pi: z.output<typeof intentSchema>): ProviderPaymentStatus {
    return statusFromIntent(pi.status, pi.last_payment_error);
  }

  async authorize(input: AuthorizeInput): Promise<AuthorizeResult> {
    const pi = await this.post(
      intentSchema,
      "/v1/payment_intents",
      {
        amount: input.amount,
        currency: input.currency.toLowerCase(),
        capture_method: "manual",
        metadata: input.metadata,
        ...(input.returnUrl ? { return_url: input.returnUrl } : {}),
        ...(input.paymentMethod ? { payment_method: input.paymentMethod, confirm: true } : {}),
      },
      input.idempotencyKey,
    );
    const status = this.status(pi);
    const url = pi.next_action?.redirect_to_url.url;
    return {
      providerPaymentId: pi.id,
      status,
      nextAction: url && (status === "pending" || status === "requires_action") ? { type: "redirect", url } : { type: "none" },
      failureCode: pi.last_payment_error?.decline_code ?? null,
    };
  }

  async capture(input: CaptureInput): Promise<CaptureResult> {
    const body = input.amount === undefined ? {} : { amount_to_capture: input.amount };
    const pi = await this.post(intentSchema, `/v1/payment_intents/${encodeURIComponent(input.providerPaymentId)}/capture`, body, input.idempotencyKey);
    return { status: this.status(pi), capturedAmount: pi.amount_received };
  }

  async void(input: VoidInput): Promise<{ status: ProviderPaymentStatus }> {
    const pi = await this.post(intentSchema, `/v1/payment_intents/${encodeURIComponent(input.providerPaymentId)}/cancel`, {}, input.idempotencyKey);
    return { status: this.status(pi) };
  }

  async refund(input: RefundInput): Promise<RefundResult> {
    const refund = await this.post(
      refundSchema,
      "/v1/refunds",
      { payment_intent: input.providerPaymentId, ...(input.amount === undefined ? {} : { amount: input.amount }) },
      input.idempotencyKey,
    );
    const pi = intentSchema.parse(await (await fetch(`${this.o.baseUrl}/v1/payment_intents/${encodeURIComponent(input.providerPaymentId)}`)).json());
    return { refundId: refund.id, amount: refund.amount, totalRefunded: pi.amount_refunded };
  }

  async payout(input: PayoutInput): Promise<PayoutResult> {
    const t = await this.post(
      transferSchema,
      "/v1/transfers",
      { amount: input.amount, currency: input.currency.toLowerCase(), destination: input.destination, metadata: input.metadata },
      input.idempotencyKey,
    );
    // Pending until the sandbox's "bank" answers with transfer.paid / transfer.failed (decision 0028).
    return { transferId: t.id, status: t.status ?? "paid" };
  }

  parseAndVerifyWebhook(rawBody: Buffer | string, headers: WebhookHeaders, now = new Date()): WebhookVerification {
    const check = verifyStripeSignature(this.o.webhookSecret, rawBody, headerValue(headers, "stripe-signature"), now);
    if (!check.ok) return check;
    const body = parseJsonBody(rawBody);
    if (!body.ok) return { ok: false, reason: "malformed", message: body.message };
    return normalizeStripeEvent("sandbox", body.json);
  }
}
