import { randomBytes } from "node:crypto";
import type { SandboxStore } from "./sandbox-store";
import { cardForPaymentMethod, cardOutcome, type CardOutcome } from "./test-cards";

// What the sandbox does to its resources, Stripe-style: PaymentIntents move through
// requires_payment_method → (requires_action | processing) → requires_capture → succeeded, or canceled;
// every change emits an event that the dispatcher delivers as a signed webhook.

export type IntentStatus = "requires_payment_method" | "requires_action" | "requires_capture" | "processing" | "succeeded" | "canceled";

export interface SandboxIntent {
  id: string;
  object: "payment_intent";
  amount: number;
  currency: string;
  status: IntentStatus;
  capture_method: "manual" | "automatic";
  amount_capturable: number;
  amount_received: number;
  amount_refunded: number;
  client_secret: string;
  metadata: Record<string, string>;
  created: number;
  livemode: false;
  return_url: string | null;
  last_payment_error: { type: "card_error"; code: string; decline_code: string; message: string } | null;
  next_action: { type: "redirect_to_url"; redirect_to_url: { url: string; return_url: string | null } } | null;
  latest_charge: string | null;
  cancellation_reason: string | null;
  /** How many times capture actually moved money: the double-capture tests read it. */
  capture_count: number;
}

export interface SandboxTransfer {
  id: string;
  object: "transfer";
  amount: number;
  currency: string;
  destination: string;
  metadata: Record<string, string>;
  created: number;
  reversed: boolean;
  /** The sandbox's own addition (Stripe reports it through events): pending until the bank answered. */
  status: "pending" | "paid" | "failed";
  failure_code: string | null;
}

/** A payout destination ending in this fails at the "bank" (test destinations, like Stripe's test bank accounts). */
export const FAILING_DESTINATION_SUFFIX = "_fails";

export class SandboxApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: "invalid_request_error" | "card_error" | "idempotency_error" | "api_error",
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  toJSON() {
    return { error: { type: this.type, code: this.code, message: this.message } };
  }
}

export interface ChaosSettings {
  /** Probability that an event is delivered twice. */
  duplicateRate: number;
  /** Each delivery waits a random 0..jitter ms, so later events may overtake earlier ones. */
  reorderJitterMs: number;
  /** Deliver an event's first attempt before the API call that caused it answers. */
  webhookBeforeResponse: boolean;
}

export interface EngineOptions {
  store: SandboxStore;
  /** The hosted page's origin (known once the server listens). */
  publicUrl: () => string;
  lateProcessorMs: number;
  /** How long a transfer stays pending before `transfer.paid` / `transfer.failed`; 0 settles it in the answer. */
  payoutSettleMs?: number;
  chaos: ChaosSettings;
  /** Awaited before an API response when chaos.webhookBeforeResponse is on. */
  deliverNow: (eventId: string) => Promise<void>;
  now?: () => number;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;

export class SandboxEngine {
  readonly chaos: ChaosSettings;
  /** Test control: how many of the next refund requests the "issuer" refuses (a refund that fails). */
  refundFailures = 0;
  private readonly pendingImmediate: string[] = [];

  constructor(private readonly o: EngineOptions) {
    this.chaos = { ...o.chaos };
  }

  private now(): number {
    return this.o.now?.() ?? Date.now();
  }

  private emit(type: string, object: unknown): void {
    const eventId = id("evt");
    const created = Math.floor(this.now() / 1000);
    const body = JSON.stringify({ id: eventId, object: "event", api_version: "sandbox-2026-12-01", created, livemode: false, type, data: { object } });
    this.o.store.insertEvent(eventId, body, this.now());
    const copies = Math.random() < this.chaos.duplicateRate ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      const jitter = this.chaos.reorderJitterMs > 0 ? Math.floor(Math.random() * this.chaos.reorderJitterMs) : 0;
      this.o.store.scheduleDelivery(eventId, this.now() + jitter);
    }
    if (this.chaos.webhookBeforeResponse) this.pendingImmediate.push(eventId);
  }

  /** Runs a state change in one SQLite transaction, then (chaos) delivers its events before returning. */
  async run<T>(fn: () => T): Promise<T> {
    let result: T;
    try {
      result = this.o.store.tx(fn);
    } catch (error) {
      this.pendingImmediate.length = 0; // rolled back: those events do not exist
      throw error;
    }
    const immediate = this.pendingImmediate.splice(0);
    for (const eventId of immediate) await this.o.deliverNow(eventId);
    return result;
  }

  intent(intentId: string): SandboxIntent {
    const pi = this.o.store.get<SandboxIntent>(intentId);
    if (!pi || pi.object !== "payment_intent") throw new SandboxApiError(404, "invalid_request_error", "resource_missing", `No such payment_intent: '${intentId}'`);
    return pi;
  }

  private save(pi: SandboxIntent): SandboxIntent {
    this.o.store.put(pi.id, "payment_intent", pi);
    return pi;
  }

  hostedPageUrl(pi: SandboxIntent): string {
    return `${this.o.publicUrl()}/pay/${pi.id}?client_secret=${encodeURIComponent(pi.client_secret)}`;
  }

  createIntent(input: {
    amount: number;
    currency: string;
    capture_method: "manual" | "automatic";
    metadata: Record<string, string>;
    return_url?: string | undefined;
    payment_method?: string | undefined;
    confirm?: boolean | undefined;
  }): SandboxIntent {
    const piId = id("pi");
    let pi: SandboxIntent = {
      id: piId,
      object: "payment_intent",
      amount: input.amount,
      currency: input.currency.toLowerCase(),
      status: "requires_payment_method",
      capture_method: input.capture_method,
      amount_capturable: 0,
      amount_received: 0,
      amount_refunded: 0,
      client_secret: `${piId}_secret_${randomBytes(12).toString("hex")}`,
      metadata: input.metadata,
      created: Math.floor(this.now() / 1000),
      livemode: false,
      return_url: input.return_url ?? null,
      last_payment_error: null,
      next_action: null,
      latest_charge: null,
      cancellation_reason: null,
      capture_count: 0,
    };
    pi.next_action = { type: "redirect_to_url", redirect_to_url: { url: this.hostedPageUrl(pi), return_url: pi.return_url } };
    this.save(pi);
    if (input.confirm && input.payment_method) {
      const card = cardForPaymentMethod(input.payment_method);
      if (!card) throw new SandboxApiError(400, "invalid_request_error", "resource_missing", `No such PaymentMethod: '${input.payment_method}'`);
      pi = this.payWithCard(piId, card);
    }
    return pi;
  }

  /** The hosted page's form submission (or `confirm` with a test payment method). */
  payWithCard(intentId: string, cardNumber: string): SandboxIntent {
    const pi = this.intent(intentId);
    if (pi.status !== "requires_payment_method" || pi.last_payment_error) {
      throw new SandboxApiError(400, "invalid_request_error", "payment_intent_unexpected_state", `This PaymentIntent's status is ${pi.status}; it cannot be paid again.`);
    }
    const outcome: CardOutcome | undefined = cardOutcome(cardNumber);
    if (!outcome) throw new SandboxApiError(402, "card_error", "incorrect_number", "Your card number is incorrect. Use one of the sandbox's test cards.");
    switch (outcome.kind) {
      case "success":
        return this.authorizeFunds(pi);
      case "decline":
        pi.last_payment_error = { type: "card_error", code: outcome.code, decline_code: outcome.declineCode, message: outcome.message };
        pi.next_action = null;
        this.save(pi);
        this.emit("payment_intent.payment_failed", pi);
        return pi;
      case "challenge":
        pi.status = "requires_action";
        pi.next_action = { type: "redirect_to_url", redirect_to_url: { url: `${this.o.publicUrl()}/pay/${pi.id}/3ds?client_secret=${encodeURIComponent(pi.client_secret)}`, return_url: pi.return_url } };
        this.save(pi);
        this.emit("payment_intent.requires_action", pi);
        return pi;
      case "late":
        pi.status = "processing";
        pi.next_action = null;
        this.save(pi);
        this.emit("payment_intent.processing", pi);
        this.o.store.addTimer(pi.id, "late-authorize", this.now() + this.o.lateProcessorMs);
        return pi;
    }
  }

  /** The 3-D Secure page's buttons. */
  completeChallenge(intentId: string, approve: boolean): SandboxIntent {
    const pi = this.intent(intentId);
    if (pi.status !== "requires_action") throw new SandboxApiError(400, "invalid_request_error", "payment_intent_unexpected_state", `No challenge is open (status ${pi.status}).`);
    if (approve) return this.authorizeFunds(pi);
    pi.status = "requires_payment_method";
    pi.next_action = null;
    pi.last_payment_error = { type: "card_error", code: "authentication_required", decline_code: "authentication_failed", message: "3-D Secure authentication failed." };
    this.save(pi);
    this.emit("payment_intent.payment_failed", pi);
    return pi;
  }

  /** A timer fired (also after a restart: timers are rows): the late processor, or a transfer settling. */
  fireTimer(intentId: string, kind = "late-authorize"): void {
    if (kind === "transfer-settle") {
      this.settleTransfer(intentId);
      return;
    }
    const pi = this.intent(intentId);
    if (pi.status === "processing") this.authorizeFunds(pi);
  }

  private authorizeFunds(pi: SandboxIntent): SandboxIntent {
    pi.next_action = null;
    pi.latest_charge = pi.latest_charge ?? id("ch");
    if (pi.capture_method === "automatic") return this.settle(pi, pi.amount);
    pi.status = "requires_capture";
    pi.amount_capturable = pi.amount;
    this.save(pi);
    this.emit("payment_intent.amount_capturable_updated", pi);
    return pi;
  }

  private settle(pi: SandboxIntent, amount: number): SandboxIntent {
    pi.status = "succeeded";
    pi.amount_received = amount;
    pi.amount_capturable = 0;
    pi.capture_count += 1;
    this.save(pi);
    this.emit("payment_intent.succeeded", pi);
    return pi;
  }

  capture(intentId: string, amountToCapture: number | undefined): SandboxIntent {
    const pi = this.intent(intentId);
    if (pi.status !== "requires_capture") {
      throw new SandboxApiError(400, "invalid_request_error", "payment_intent_unexpected_state", `This PaymentIntent could not be captured because it has a status of ${pi.status}.`);
    }
    const amount = amountToCapture ?? pi.amount_capturable;
    if (amount < 1 || amount > pi.amount_capturable) {
      throw new SandboxApiError(400, "invalid_request_error", "amount_too_large", `amount_to_capture must be between 1 and ${pi.amount_capturable}.`);
    }
    return this.settle(pi, amount);
  }

  cancel(intentId: string): SandboxIntent {
    const pi = this.intent(intentId);
    if (pi.status === "succeeded" || pi.status === "canceled") {
      throw new SandboxApiError(400, "invalid_request_error", "payment_intent_unexpected_state", `You cannot cancel this PaymentIntent because it has a status of ${pi.status}.`);
    }
    pi.status = "canceled";
    pi.amount_capturable = 0;
    pi.next_action = null;
    pi.cancellation_reason = "requested_by_customer";
    this.save(pi);
    this.emit("payment_intent.canceled", pi);
    return pi;
  }

  refund(intentId: string, amount: number | undefined) {
    const pi = this.intent(intentId);
    if (pi.status !== "succeeded") throw new SandboxApiError(400, "invalid_request_error", "charge_not_captured", "Only a captured payment can be refunded.");
    const remaining = pi.amount_received - pi.amount_refunded;
    const value = amount ?? remaining;
    if (value < 1 || value > remaining) throw new SandboxApiError(400, "invalid_request_error", "amount_too_large", `Refund amount must be between 1 and ${remaining}.`);
    if (this.refundFailures > 0) {
      this.refundFailures -= 1;
      throw new SandboxApiError(402, "card_error", "refund_declined", "The card issuer refused the refund (sandbox: fail_next_refunds).");
    }
    pi.amount_refunded += value;
    this.save(pi);
    const refund = { id: id("re"), object: "refund", amount: value, currency: pi.currency, payment_intent: pi.id, charge: pi.latest_charge, status: "succeeded", created: Math.floor(this.now() / 1000) };
    this.o.store.put(refund.id, "refund", refund);
    this.emit("charge.refunded", {
      id: pi.latest_charge,
      object: "charge",
      payment_intent: pi.id,
      status: "succeeded",
      amount: pi.amount,
      amount_captured: pi.amount_received,
      amount_refunded: pi.amount_refunded,
      currency: pi.currency,
      metadata: pi.metadata,
    });
    return refund;
  }

  transfer(input: { amount: number; currency: string; destination: string; metadata: Record<string, string> }) {
    const transfer: SandboxTransfer = {
      id: id("tr"),
      object: "transfer",
      ...input,
      currency: input.currency.toLowerCase(),
      created: Math.floor(this.now() / 1000),
      reversed: false,
      status: "pending",
      failure_code: null,
    };
    this.o.store.put(transfer.id, "transfer", transfer);
    this.emit("transfer.created", transfer);
    const settleMs = this.o.payoutSettleMs ?? 0;
    if (settleMs === 0) return this.settleTransfer(transfer.id);
    this.o.store.addTimer(transfer.id, "transfer-settle", this.now() + settleMs);
    return transfer;
  }

  /**
   * The bank's answer to a transfer: paid, or failed for a test destination ending in `_fails` (like
   * Stripe's test bank account that fails payouts with `account_closed`). Settles once.
   */
  settleTransfer(transferId: string): SandboxTransfer {
    const transfer = this.o.store.get<SandboxTransfer>(transferId);
    if (!transfer || transfer.object !== "transfer") throw new SandboxApiError(404, "invalid_request_error", "resource_missing", `No such transfer: '${transferId}'`);
    if (transfer.status !== "pending") return transfer;
    const fails = transfer.destination.endsWith(FAILING_DESTINATION_SUFFIX);
    transfer.status = fails ? "failed" : "paid";
    transfer.failure_code = fails ? "account_closed" : null;
    this.o.store.put(transfer.id, "transfer", transfer);
    this.emit(fails ? "transfer.failed" : "transfer.paid", transfer);
    return transfer;
  }

  /** Queues another delivery of an event already sent (like `stripe events resend`). */
  resend(eventId: string): void {
    if (!this.o.store.eventBody(eventId)) throw new SandboxApiError(404, "invalid_request_error", "resource_missing", `No such event: '${eventId}'`);
    this.o.store.scheduleDelivery(eventId, this.now());
  }
}
