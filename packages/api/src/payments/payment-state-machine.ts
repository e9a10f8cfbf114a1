import type { ProviderEvent, ProviderPaymentStatus } from "@bazaar/payments";

// The one place that knows which payment status may follow which. Every writer (the authorize, capture,
// void and refund calls, and every webhook) turns what it learned into a Signal and hands it to
// payments.service `applySignal`, which performs it as ONE conditional UPDATE ... WHERE status IN (from).
// Whoever arrives first moves the payment and emits the event; a duplicated, late or reordered signal
// finds the status already past `from` and changes nothing. So capture happens (and is announced) once.

export type PaymentStatus = "AUTHORIZING" | "REQUIRES_ACTION" | "AUTHORIZED" | "CAPTURED" | "PARTIALLY_REFUNDED" | "REFUNDED" | "VOIDED" | "FAILED";

export type Signal =
  | { kind: "action_required"; nextActionUrl: string | null }
  | { kind: "authorized" }
  | { kind: "captured"; capturedAmount: number }
  | { kind: "voided" }
  | { kind: "failed"; failureCode: string | null }
  /** `totalRefunded` is the provider's running total, so replays and reordering cannot add twice. */
  | { kind: "refunded"; totalRefunded: number };

export type SignalKind = Signal["kind"];

/** From which statuses each signal may move a payment. Anything else is a no-op (or a typed refusal for a caller). */
export const TRANSITIONS: Record<SignalKind, readonly PaymentStatus[]> = {
  action_required: ["AUTHORIZING"],
  // A webhook may overtake the authorize answer, and a late processor may answer after a challenge.
  authorized: ["AUTHORIZING", "REQUIRES_ACTION"],
  // succeeded can arrive before amount_capturable_updated (reordered delivery): capture still counts once.
  captured: ["AUTHORIZING", "REQUIRES_ACTION", "AUTHORIZED"],
  voided: ["AUTHORIZING", "REQUIRES_ACTION", "AUTHORIZED"],
  failed: ["AUTHORIZING", "REQUIRES_ACTION"],
  refunded: ["CAPTURED", "PARTIALLY_REFUNDED"],
};

export const TERMINAL: readonly PaymentStatus[] = ["REFUNDED", "VOIDED", "FAILED"];

export function targetStatus(signal: Signal, current: { capturedAmount: number }): PaymentStatus {
  switch (signal.kind) {
    case "action_required":
      return "REQUIRES_ACTION";
    case "authorized":
      return "AUTHORIZED";
    case "captured":
      return "CAPTURED";
    case "voided":
      return "VOIDED";
    case "failed":
      return "FAILED";
    case "refunded":
      return signal.totalRefunded >= current.capturedAmount ? "REFUNDED" : "PARTIALLY_REFUNDED";
  }
}

/** May `signal` move a payment that is `status` now? (refunds must also raise the running total) */
export function canApply(signal: Signal, current: { status: PaymentStatus; capturedAmount: number; refundedAmount: number }): boolean {
  if (!TRANSITIONS[signal.kind].includes(current.status)) return false;
  if (signal.kind === "refunded") return signal.totalRefunded > current.refundedAmount && signal.totalRefunded <= current.capturedAmount;
  return true;
}

/** What a provider's answer to a call means for the payment (null: nothing to record yet). */
export function signalFromStatus(
  status: ProviderPaymentStatus,
  extra: { capturedAmount?: number; failureCode?: string | null; nextActionUrl?: string | null } = {},
): Signal | null {
  switch (status) {
    case "requires_action":
      return { kind: "action_required", nextActionUrl: extra.nextActionUrl ?? null };
    case "authorized":
      return { kind: "authorized" };
    case "captured":
      return extra.capturedAmount ? { kind: "captured", capturedAmount: extra.capturedAmount } : null;
    case "canceled":
      return { kind: "voided" };
    case "failed":
      return { kind: "failed", failureCode: extra.failureCode ?? null };
    case "pending":
    case "processing":
      return null;
  }
}

/** What a verified webhook means for the payment (null: an event the state machine does not act on). */
export function signalFromEvent(event: ProviderEvent): Signal | null {
  switch (event.kind) {
    case "action_required":
      return { kind: "action_required", nextActionUrl: event.nextActionUrl };
    case "authorized":
      return { kind: "authorized" };
    case "captured":
      return event.amountCaptured ? { kind: "captured", capturedAmount: event.amountCaptured } : null;
    case "canceled":
      return { kind: "voided" };
    case "failed":
      return { kind: "failed", failureCode: event.failureCode };
    case "refunded":
      return event.amountRefunded ? { kind: "refunded", totalRefunded: event.amountRefunded } : null;
    case "processing":
    case "payout":
    case "payout_paid":
    case "payout_failed":
    case "other":
      return null;
  }
}
