import { randomUUID } from "node:crypto";
import { asPlatform, Prisma, type Db, type Payment, type Tx } from "@bazaar/db";
import { deferOutbox } from "@bazaar/events";
import { ProviderError, type PaymentProvider, type ProviderName } from "@bazaar/payments";
import type { z } from "zod";
import { DomainError, NotFoundError } from "../errors";
import { PaymentIdempotencyError, PaymentStateError, ProviderNotConfiguredError, ProviderRefusedError } from "./payments.errors";
import { authorizePaymentSchema, capturePaymentSchema, refundPaymentSchema, voidPaymentSchema, type AuthorizePaymentInput } from "./payments.schema";
import { signalFromStatus } from "./payment-state-machine";
import { applySignal, lockRecordingProviderId, PAYMENT_COLUMNS } from "./payment-transition";

// The only code touching the payments table (with the webhook intake, which goes through applySignal
// too). The row exists BEFORE the provider is called, so a webhook that overtakes the provider's answer
// finds it through metadata.payment_id. Calls to the provider carry idempotency keys derived from the
// payment id: a retried call (a saga step resumed after a crash) never holds or moves money twice.

export interface PaymentsDeps {
  db: Db;
  providers: Partial<Record<ProviderName, PaymentProvider>>;
}

export type PaymentView = Pick<
  Payment,
  "id" | "provider" | "providerPaymentId" | "orderGroupRef" | "amount" | "currency" | "status" | "capturedAmount" | "refundedAmount" | "nextActionUrl" | "failureCode" | "version"
>;

const view = (p: Payment): PaymentView => ({
  id: p.id,
  provider: p.provider,
  providerPaymentId: p.providerPaymentId,
  orderGroupRef: p.orderGroupRef,
  amount: p.amount,
  currency: p.currency,
  status: p.status,
  capturedAmount: p.capturedAmount,
  refundedAmount: p.refundedAmount,
  nextActionUrl: p.nextActionUrl,
  failureCode: p.failureCode,
  version: p.version,
});

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new DomainError("BAD_REQUEST", "invalid payment input", { issues: r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) });
  return r.data;
}

function providerFor(deps: PaymentsDeps, name: string): PaymentProvider {
  const provider = deps.providers[name as ProviderName];
  if (!provider) throw new ProviderNotConfiguredError(name);
  return provider;
}

/** A refusal by the provider of the request itself becomes a typed error; network trouble propagates (retry). */
function refusal(error: unknown): never {
  if (error instanceof ProviderError && error.httpStatus !== undefined && error.httpStatus >= 400 && error.httpStatus < 500) {
    throw new ProviderRefusedError(error.provider, error.code, error.message);
  }
  throw error;
}

const IN_USE_RETRIES = 40;

/**
 * Providers answer 409 while another request with the same idempotency key is in flight (two racing
 * captures, a duplicated saga step). Waiting for the first to finish and asking again gets its answer.
 */
export async function calling<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const inUse = error instanceof ProviderError && error.httpStatus === 409 && error.code.includes("in_use");
      if (!inUse || attempt >= IN_USE_RETRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(25 * attempt, 250)));
    }
  }
}

async function load(tx: Tx, paymentId: string): Promise<Payment> {
  const p = await tx.payment.findUnique({ where: { id: paymentId } });
  if (!p) throw new NotFoundError("payment", { paymentId });
  return p;
}

/**
 * The caller's own writes that must commit with the payment's recorded answer (the checkout saga moves
 * its row there): run last in the transaction that records it, or in one of their own when the payment
 * was past that point already. If it throws, the payment's recording rolls back with it and the call
 * throws; the provider's answer is replayed by its idempotency key on the next try.
 */
export type WithAnswer = (tx: Tx, payment: PaymentView) => Promise<void>;

async function answered(tx: Tx, payment: Payment, withAnswer: WithAnswer | undefined): Promise<Payment> {
  if (withAnswer) await withAnswer(tx, view(payment));
  return payment;
}

export async function getPayment(db: Db, paymentId: string): Promise<PaymentView> {
  return view(await asPlatform(db, (tx) => load(tx, paymentId)));
}

/**
 * The payment row an authorization works on, created if its key is new, in the caller's transaction: the
 * checkout saga opens it with its stock reservation, so the authorize that follows needs no transaction
 * of its own to create it. The same key with other parameters is refused.
 */
export async function openPayment(tx: Tx, rawInput: AuthorizePaymentInput): Promise<PaymentView> {
  const input = parse(authorizePaymentSchema, rawInput);
  return view(await open(tx, input));
}

async function open(tx: Tx, input: z.output<typeof authorizePaymentSchema>): Promise<Payment> {
  // Insert first: a new key (every checkout's first try) costs one statement. When the key is taken
  // (a replay, or a concurrent call that won the insert) its payment answers, checked like a replay.
  // Raw: Prisma compiles a createMany's query anew on every call (its plan cache skips them).
  const created = await tx.$queryRaw<Payment[]>(Prisma.sql`
    INSERT INTO payments (id, provider, order_group_ref, idempotency_key, amount, currency, updated_at)
    VALUES (${randomUUID()}::uuid, ${input.provider}, ${input.orderGroupRef}, ${input.idempotencyKey}, ${input.amount}, ${input.currency}, now())
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING ${PAYMENT_COLUMNS}`);
  if (created[0]) return created[0];
  const existing = await tx.payment.findUniqueOrThrow({ where: { idempotencyKey: input.idempotencyKey } });
  const same = existing.provider === input.provider && existing.orderGroupRef === input.orderGroupRef && existing.amount === input.amount && existing.currency === input.currency;
  if (!same) throw new PaymentIdempotencyError(input.idempotencyKey);
  return existing;
}

/**
 * `opened`: the row openPayment answered for the same input in a transaction that committed (saves the
 * transaction that would open it here).
 */
export async function authorizePayment(deps: PaymentsDeps, rawInput: AuthorizePaymentInput, withAnswer?: WithAnswer, opened?: PaymentView): Promise<PaymentView> {
  const input = parse(authorizePaymentSchema, rawInput);
  const provider = providerFor(deps, input.provider);
  const payment = opened ?? view(await asPlatform(deps.db, (tx) => open(tx, input)));
  if (payment.provider !== input.provider || payment.currency !== input.currency) throw new PaymentIdempotencyError(input.idempotencyKey);
  if (payment.amount !== input.amount || payment.orderGroupRef !== input.orderGroupRef) throw new PaymentIdempotencyError(input.idempotencyKey);
  // A replay of a payment past its authorization answers what we know; the provider was asked already.
  if (payment.status !== "AUTHORIZING" || (payment.providerPaymentId && payment.nextActionUrl)) {
    if (withAnswer) await asPlatform(deps.db, (tx) => withAnswer(tx, payment));
    return payment;
  }

  const result = await calling(() =>
    provider.authorize({
      amount: payment.amount,
      currency: payment.currency,
      idempotencyKey: `payment:${payment.id}:authorize`,
      metadata: { payment_id: payment.id, order_group_ref: payment.orderGroupRef },
      ...(input.returnUrl ? { returnUrl: input.returnUrl } : {}),
      ...(input.paymentMethod ? { paymentMethod: input.paymentMethod } : {}),
    }),
  ).catch(async (error: unknown) => {
      if (error instanceof ProviderError && error.httpStatus !== undefined && error.httpStatus >= 400 && error.httpStatus < 500) {
        await asPlatform(deps.db, (tx) => applySignal(tx, payment.id, { kind: "failed", failureCode: error.code.slice(0, 255) }));
      }
      return refusal(error);
    });
  const nextActionUrl = result.nextAction.type === "redirect" ? result.nextAction.url : null;
  return view(
    await asPlatform(deps.db, (tx) =>
      // The payment's event and those of the caller's writes (the saga's CONFIRM) go in one statement.
      deferOutbox(tx, async () => {
        // The provider's id recorded and the row locked in one statement (null: another id is recorded).
        const locked = await lockRecordingProviderId(tx, { id: payment.id }, result.providerPaymentId, nextActionUrl && result.status === "pending" ? nextActionUrl : null);
        const signal = signalFromStatus(result.status, { failureCode: result.failureCode ?? null, nextActionUrl });
        return answered(tx, signal ? (await applySignal(tx, payment.id, signal, locked ?? undefined)).payment : (locked ?? (await load(tx, payment.id))), withAnswer);
      }),
    ),
  );
}

const CAPTURED_OR_LATER = ["CAPTURED", "PARTIALLY_REFUNDED", "REFUNDED"];

/**
 * `known`: the payment as the caller's last committed transaction recorded it AUTHORIZED (the saga's
 * confirmation, moments ago), instead of reading it again. If it moved on since, the provider's answer
 * to the capture's key decides, as for any racing caller.
 */
export async function capturePayment(deps: PaymentsDeps, rawInput: z.input<typeof capturePaymentSchema>, withAnswer?: WithAnswer, known?: PaymentView): Promise<PaymentView> {
  const input = parse(capturePaymentSchema, rawInput);
  const payment = known?.id === input.paymentId && known.status === "AUTHORIZED" ? known : view(await asPlatform(deps.db, (tx) => load(tx, input.paymentId)));
  if (input.amount !== undefined && input.amount > payment.amount) {
    throw new DomainError("BAD_REQUEST", "cannot capture more than was authorized", { paymentId: payment.id, amount: payment.amount });
  }
  // Captured already (by this call's twin, or a webhook): the same answer, nothing moves again.
  if (CAPTURED_OR_LATER.includes(payment.status)) {
    if (withAnswer) await asPlatform(deps.db, (tx) => withAnswer(tx, payment));
    return payment;
  }
  if (payment.status !== "AUTHORIZED" || !payment.providerPaymentId) throw new PaymentStateError(payment.id, payment.status, "captured");
  const provider = providerFor(deps, payment.provider);
  let captured: number;
  try {
    const providerPaymentId = payment.providerPaymentId;
    const result = await calling(() =>
      provider.capture({
        providerPaymentId,
        idempotencyKey: `payment:${payment.id}:capture`,
        ...(input.amount === undefined ? {} : { amount: input.amount }),
      }),
    );
    captured = result.capturedAmount;
  } catch (error) {
    // Captured already by a concurrent caller (its key with other parameters, or a state the provider
    // moved first): what counts is the payment's row, which the winner's transition wrote.
    const now = await asPlatform(deps.db, async (tx) => {
      const row = await load(tx, payment.id);
      return CAPTURED_OR_LATER.includes(row.status) ? answered(tx, row, withAnswer) : row;
    });
    if (CAPTURED_OR_LATER.includes(now.status)) return view(now);
    return refusal(error);
  }
  return view(await asPlatform(deps.db, async (tx) => answered(tx, (await applySignal(tx, payment.id, { kind: "captured", capturedAmount: captured })).payment, withAnswer)));
}

export async function voidPayment(deps: PaymentsDeps, rawInput: z.input<typeof voidPaymentSchema>): Promise<PaymentView> {
  const input = parse(voidPaymentSchema, rawInput);
  const payment = await asPlatform(deps.db, (tx) => load(tx, input.paymentId));
  if (payment.status === "VOIDED" || payment.status === "FAILED") return view(payment);
  if (!["AUTHORIZING", "REQUIRES_ACTION", "AUTHORIZED"].includes(payment.status)) throw new PaymentStateError(payment.id, payment.status, "voided");
  if (payment.providerPaymentId) {
    const provider = providerFor(deps, payment.provider);
    const providerPaymentId = payment.providerPaymentId;
    await calling(() => provider.void({ providerPaymentId, idempotencyKey: `payment:${payment.id}:void` })).catch(refusal);
  }
  return view(await asPlatform(deps.db, async (tx) => (await applySignal(tx, payment.id, { kind: "voided" })).payment));
}

export async function refundPayment(deps: PaymentsDeps, rawInput: z.input<typeof refundPaymentSchema>): Promise<PaymentView> {
  const input = parse(refundPaymentSchema, rawInput);
  const payment = await asPlatform(deps.db, (tx) => load(tx, input.paymentId));
  if (!["CAPTURED", "PARTIALLY_REFUNDED"].includes(payment.status) || !payment.providerPaymentId) {
    if (payment.status === "REFUNDED") return view(payment);
    throw new PaymentStateError(payment.id, payment.status, "refunded");
  }
  const remaining = payment.capturedAmount - payment.refundedAmount;
  const provider = providerFor(deps, payment.provider);
  const providerPaymentId = payment.providerPaymentId;
  // The provider judges the amount: a retried refund (its key used before, `remaining` already lowered
  // by it) must reach the provider to replay the first answer, not be refused here as too large.
  const result = await calling(() =>
    provider.refund({
      providerPaymentId,
      idempotencyKey: `payment:${payment.id}:refund:${input.idempotencyKey}`,
      ...(input.amount === undefined ? {} : { amount: input.amount }),
    }),
  ).catch((error: unknown) => {
    if (input.amount !== undefined && input.amount > remaining && error instanceof ProviderError && error.httpStatus !== undefined && error.httpStatus < 500) {
      throw new DomainError("BAD_REQUEST", "cannot refund more than was captured and not yet refunded", { paymentId: payment.id, remaining });
    }
    return refusal(error);
  });
  return view(await asPlatform(deps.db, async (tx) => (await applySignal(tx, payment.id, { kind: "refunded", totalRefunded: result.totalRefunded })).payment));
}
