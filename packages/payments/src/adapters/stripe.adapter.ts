import Stripe from "stripe";
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
import { normalizeStripeEvent, statusFromIntent } from "../stripe-events";
import { SIGNATURE_TOLERANCE_SECONDS } from "../stripe-signature";

// Stripe through its official SDK. Authorization is a PaymentIntent with capture_method=manual, confirmed
// by the browser (Stripe.js / Payment Element) with the client secret this returns. Stripe's API cannot
// be reached from this environment: only webhook verification is tested (on fixtures signed here).

export interface StripeProviderOptions {
  secretKey: string;
  webhookSecret: string;
  /** For tests and proxies; default Stripe's own host. */
  host?: string;
}

export class StripeProvider implements PaymentProvider {
  readonly name = "stripe" as const;
  private readonly stripe: Stripe;

  constructor(private readonly o: StripeProviderOptions) {
    this.stripe = new Stripe(o.secretKey, { maxNetworkRetries: 2, timeout: 10_000, ...(o.host ? { host: o.host } : {}) });
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof Stripe.errors.StripeError) throw new ProviderError("stripe", error.code ?? error.type, error.message, error.statusCode);
      throw error;
    }
  }

  async authorize(input: AuthorizeInput): Promise<AuthorizeResult> {
    const pi = await this.call(() =>
      this.stripe.paymentIntents.create(
        {
          amount: input.amount,
          currency: input.currency.toLowerCase(),
          capture_method: "manual",
          metadata: input.metadata,
          automatic_payment_methods: { enabled: true },
          ...(input.paymentMethod ? { payment_method: input.paymentMethod, confirm: true, ...(input.returnUrl ? { return_url: input.returnUrl } : {}) } : {}),
        },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    const status = statusFromIntent(pi.status, pi.last_payment_error);
    const redirect = pi.next_action?.redirect_to_url?.url;
    return {
      providerPaymentId: pi.id,
      status,
      nextAction: redirect ? { type: "redirect", url: redirect } : pi.client_secret && status === "pending" ? { type: "client_secret", clientSecret: pi.client_secret } : { type: "none" },
      failureCode: pi.last_payment_error?.decline_code ?? pi.last_payment_error?.code ?? null,
    };
  }

  async capture(input: CaptureInput): Promise<CaptureResult> {
    const pi = await this.call(() =>
      this.stripe.paymentIntents.capture(input.providerPaymentId, input.amount === undefined ? {} : { amount_to_capture: input.amount }, { idempotencyKey: input.idempotencyKey }),
    );
    return { status: statusFromIntent(pi.status, pi.last_payment_error), capturedAmount: pi.amount_received };
  }

  async void(input: VoidInput): Promise<{ status: ProviderPaymentStatus }> {
    const pi = await this.call(() => this.stripe.paymentIntents.cancel(input.providerPaymentId, {}, { idempotencyKey: input.idempotencyKey }));
    return { status: statusFromIntent(pi.status, pi.last_payment_error) };
  }

  async refund(input: RefundInput): Promise<RefundResult> {
    const refund = await this.call(() =>
      this.stripe.refunds.create({ payment_intent: input.providerPaymentId, ...(input.amount === undefined ? {} : { amount: input.amount }) }, { idempotencyKey: input.idempotencyKey }),
    );
    const pi = await this.call(() => this.stripe.paymentIntents.retrieve(input.providerPaymentId, { expand: ["latest_charge"] }));
    const charge = typeof pi.latest_charge === "object" && pi.latest_charge ? pi.latest_charge : null;
    return { refundId: refund.id, amount: refund.amount, totalRefunded: charge?.amount_refunded ?? refund.amount };
  }

  async payout(input: PayoutInput): Promise<PayoutResult> {
    const t = await this.call(() =>
      this.stripe.transfers.create(
        { amount: input.amount, currency: input.currency.toLowerCase(), destination: input.destination, metadata: input.metadata },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    return { transferId: t.id, status: t.reversed ? "failed" : "paid" };
  }

  parseAndVerifyWebhook(rawBody: Buffer | string, headers: WebhookHeaders, now = new Date()): WebhookVerification {
    const header = headerValue(headers, "stripe-signature");
    if (!header) return { ok: false, reason: "missing-signature", message: "no Stripe-Signature header" };
    let event: Stripe.Event;
    try {
      event = this.stripe.webhooks.constructEvent(rawBody, header, this.o.webhookSecret, SIGNATURE_TOLERANCE_SECONDS, undefined, now.getTime());
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
        return { ok: false, reason: /tolerance/i.test(message) ? "stale-timestamp" : "bad-signature", message };
      }
      return { ok: false, reason: "malformed", message };
    }
    return normalizeStripeEvent("stripe", event);
  }
}
