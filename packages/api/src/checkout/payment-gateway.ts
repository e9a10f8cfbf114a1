import type { Tx } from "@bazaar/db";
import type { ProviderName } from "@bazaar/payments";
import { authorizePayment, capturePayment, getPayment, openPayment, ProviderRefusedError, refundPayment, voidPayment, type PaymentsDeps, type PaymentView } from "../payments";

// The saga's one door to money: a narrow interface over the payments domain (../payments), so the
// saga's steps read as "authorize, capture, cancel" and a test can see exactly what was asked. Every
// call carries a key derived from the saga, and the payments domain derives its provider keys from the
// payment, so a step retried after a crash never holds, captures or refunds twice.

export type GatewayStatus = "pending" | "authorized" | "captured" | "voided" | "failed";

export interface AuthorizeRequest {
  orderGroupRef: string;
  amount: number;
  currency: string;
  idempotencyKey: string;
  /** Test hook (sandbox/Stripe): confirm with this payment method at once instead of the hosted page. */
  paymentMethod: string | null;
  returnUrl?: string;
}

export interface AuthorizeAnswer {
  /** null only when the provider refused the request outright (nothing held). */
  paymentId: string | null;
  status: GatewayStatus;
  nextActionUrl: string | null;
  failureCode: string | null;
  /** The payment as this answer recorded it (what a capture right after may go on from); absent when refused outright. */
  payment?: PaymentView;
}

/**
 * The saga's move, committed in the transaction that records the provider's answer (one transaction
 * instead of two; docs/decisions/0027). Not called when the provider refused the request outright.
 */
export type WithAnswer<A> = (tx: Tx, answer: A) => Promise<void>;

export interface PaymentGateway {
  /** Creates (or finds by its key) the payment `request` will authorize, in the caller's transaction. */
  open(tx: Tx, request: AuthorizeRequest): Promise<PaymentView>;
  /** `opened`: what open() answered for this request in a committed transaction. */
  authorize(request: AuthorizeRequest, withAnswer?: WithAnswer<AuthorizeAnswer>, opened?: PaymentView): Promise<AuthorizeAnswer>;
  status(paymentId: string): Promise<GatewayStatus>;
  /** `known`: the payment as an authorize answer just recorded it, instead of reading it again. */
  capture(paymentId: string, withAnswer?: WithAnswer<void>, known?: PaymentView): Promise<void>;
  /** Captures less than authorized (the rest is released). */
  captureAmount(paymentId: string, amount: number): Promise<void>;
  /** Refunds part of a capture; the same key refunds once. */
  refund(paymentId: string, amount: number, idempotencyKey: string): Promise<void>;
  /** Releases the money whatever stage it reached: void an authorization, refund a capture. */
  cancel(paymentId: string, idempotencyKey: string): Promise<void>;
}

export function gatewayStatus(status: PaymentView["status"]): GatewayStatus {
  switch (status) {
    case "AUTHORIZING":
    case "REQUIRES_ACTION":
      return "pending";
    case "AUTHORIZED":
      return "authorized";
    case "CAPTURED":
    case "PARTIALLY_REFUNDED":
    case "REFUNDED":
      return "captured";
    case "VOIDED":
      return "voided";
    case "FAILED":
      return "failed";
  }
}

function authorizeInput(provider: ProviderName, request: AuthorizeRequest) {
  return {
    provider,
    orderGroupRef: request.orderGroupRef,
    amount: request.amount,
    currency: request.currency,
    idempotencyKey: request.idempotencyKey,
    ...(request.paymentMethod ? { paymentMethod: request.paymentMethod } : {}),
    ...(request.returnUrl ? { returnUrl: request.returnUrl } : {}),
  };
}

/** The gateway over the platform's payments service with one provider (sandbox locally). */
export function paymentsGateway(deps: PaymentsDeps, provider: ProviderName): PaymentGateway {
  return {
    async open(tx, request) {
      return openPayment(tx, authorizeInput(provider, request));
    },
    async authorize(request, withAnswer, opened) {
      const answer = (p: PaymentView): AuthorizeAnswer => ({ paymentId: p.id, status: gatewayStatus(p.status), nextActionUrl: p.nextActionUrl, failureCode: p.failureCode, payment: p });
      try {
        const p = await authorizePayment(deps, authorizeInput(provider, request), withAnswer && ((tx, payment) => withAnswer(tx, answer(payment))), opened);
        return answer(p);
      } catch (error) {
        if (error instanceof ProviderRefusedError) return { paymentId: null, status: "failed", nextActionUrl: null, failureCode: error.message.slice(0, 200) };
        throw error;
      }
    },
    async status(paymentId) {
      return gatewayStatus((await getPayment(deps.db, paymentId)).status);
    },
    async capture(paymentId, withAnswer, known) {
      await capturePayment(deps, { paymentId }, withAnswer && ((tx) => withAnswer(tx)), known);
    },
    async captureAmount(paymentId, amount) {
      await capturePayment(deps, { paymentId, amount });
    },
    async refund(paymentId, amount, idempotencyKey) {
      await refundPayment(deps, { paymentId, amount, idempotencyKey });
    },
    async cancel(paymentId, idempotencyKey) {
      const p = await getPayment(deps.db, paymentId);
      const status = gatewayStatus(p.status);
      if (status === "captured") {
        if (p.status !== "REFUNDED") await refundPayment(deps, { paymentId, idempotencyKey });
      } else if (status !== "voided" && status !== "failed") {
        await voidPayment(deps, { paymentId });
      }
    },
  };
}
