import type { CheckoutSaga, Db, SagaState, SagaStep, Tx } from "@bazaar/db";
import { apiEnv } from "../env";
import type { PaymentGateway } from "./payment-gateway";

// The saga row's moves, shared by the runner and the steps: a move is one conditional UPDATE on
// (id, version), so of any number of runners exactly one moves the saga on from what it read.

export interface SagaDeps {
  db: Db;
  payments: PaymentGateway;
  now?: () => Date;
  reservationTtlSeconds?: number;
  paymentTimeoutSeconds?: number;
  stepTimeoutMs?: number;
  /** Told before each step is performed (the crash test's child prints it, to be killed mid-step). */
  onStep?: (sagaId: string, step: SagaStep) => void;
  /** Where the hosted payment page sends the shopper back (the storefront's order status page). */
  returnUrl?: (groupId: string) => string | undefined;
}

export interface Resolved {
  now: () => Date;
  reservationTtlSeconds: number;
  paymentTimeoutSeconds: number;
  stepTimeoutMs: number;
}

export function resolve(deps: SagaDeps): Resolved {
  const env = apiEnv();
  return {
    now: deps.now ?? (() => new Date()),
    reservationTtlSeconds: deps.reservationTtlSeconds ?? env.CHECKOUT_RESERVATION_TTL_SECONDS,
    paymentTimeoutSeconds: deps.paymentTimeoutSeconds ?? env.CHECKOUT_PAYMENT_TIMEOUT_SECONDS,
    stepTimeoutMs: deps.stepTimeoutMs ?? env.CHECKOUT_STEP_TIMEOUT_MS,
  };
}

export const TERMINAL: readonly SagaState[] = ["CONFIRMED", "COMPENSATED"];

export interface Move {
  state?: SagaState;
  step: SagaStep;
  note: string;
  lastError?: string | null;
  paymentDeadline?: Date | null;
  /** When a resumer should look at it next; default now + the step timeout. */
  deadline?: Date;
  /** The payment the step opened, recorded on the order group (if none is yet) in the move's transaction. */
  paymentId?: string | undefined;
}

/** Another runner moved the saga first; the caller re-reads it. */
export class SagaMovedError extends Error {
  constructor(sagaId: string) {
    super(`saga ${sagaId} moved on under this runner`);
    this.name = "SagaMovedError";
  }
}

/**
 * The conditional move; inside a transaction that did the step's database work, or alone. Returns the
 * row as written, so a runner can go on to the next step without reading it again: if anyone else moved
 * it meanwhile, the version it carries no longer matches and the next move throws SagaMovedError.
 */
export async function advance(tx: Tx, saga: CheckoutSaga, move: Move, r: Resolved, ...then: Move[]): Promise<CheckoutSaga> {
  const now = r.now();
  // Several moves in one UPDATE (`then`: the ones after `move`, done in the same transaction): each
  // gets its history entry; the row ends as the last one leaves it.
  const history = [...(saga.history as unknown[])];
  let row: { state: CheckoutSaga["state"]; step: CheckoutSaga["step"]; lastError: string | null; paymentDeadline: Date | null } = saga;
  let last = move;
  for (const m of [move, ...then]) {
    const state = m.state ?? row.state;
    history.push({ at: now.toISOString(), from: `${row.state}/${row.step}`, to: `${state}/${m.step}`, note: m.note });
    row = { state, step: m.step, lastError: m.lastError === undefined ? row.lastError : m.lastError, paymentDeadline: m.paymentDeadline === undefined ? row.paymentDeadline : m.paymentDeadline };
    last = m;
  }
  const data = {
    ...row,
    attempts: 0,
    deadline: last.deadline ?? new Date(now.getTime() + r.stepTimeoutMs),
    history: history as object[],
    updatedAt: now,
  };
  const updated = await tx.checkoutSaga.updateMany({ where: { id: saga.id, version: saga.version }, data: { ...data, version: { increment: 1 } } });
  if (updated.count === 0) throw new SagaMovedError(saga.id);
  return { ...saga, ...data, version: saga.version + 1 };
}

/** Locks the saga row and checks nobody moved it since `saga` was read. */
export async function lockSaga(tx: Tx, saga: CheckoutSaga): Promise<void> {
  const rows = await tx.$queryRaw<{ version: number }[]>`SELECT version FROM checkout_sagas WHERE id = ${saga.id}::uuid FOR UPDATE`;
  if (rows[0]?.version !== saga.version) throw new SagaMovedError(saga.id);
}

