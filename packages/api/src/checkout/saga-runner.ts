import { asPlatform, type CheckoutSaga, type Db, type SagaState, type SagaStep, type Tx } from "@bazaar/db";
import { DomainError } from "../errors";
import type { PaymentView } from "../payments";
import type { AuthorizeAnswer, AuthorizeRequest } from "./payment-gateway";
import { advance, resolve, SagaMovedError, TERMINAL, type Move, type Resolved, type SagaDeps } from "./saga-state";
import { cancelStep, ConfirmRefusedError, confirmIn, confirmStep, releaseStep, reserveIn, reserveRefused, reserveStep, type Moved, type SagaWithGroup } from "./saga-steps";

export type { SagaDeps } from "./saga-state";

// The checkout saga (docs/decisions/0019, state diagram in docs/architecture.md). Its row in
// `checkout_sagas` is the whole truth of where a checkout stands; `runSaga` reads it, performs the
// current step and moves the row on with a conditional UPDATE on (id, version). Every step is
// idempotent (deterministic keys for reservations and payments; settling a settled reservation is a
// no-op), so any number of runners may work on one saga and any of them may die at any point: the
// next one redoes the step it finds and the version check lets exactly one move the row on.

const compensate = (step: SagaStep, reason: string): Move => ({ state: "COMPENSATING", step, note: `compensate: ${reason}`, lastError: reason });

const readSaga = (db: Db, sagaId: string): Promise<SagaWithGroup> => asPlatform(db, (tx) => tx.checkoutSaga.findUniqueOrThrow({ where: { id: sagaId }, include: { group: true } }));

/** Where AUTHORIZE goes from the provider's answer. */
function afterAuthorize(r: Resolved, answer: AuthorizeAnswer): Move {
  // The payment is recorded on the group in the move's transaction: a runner that loses the move
  // to another finds the same payment (same key) recorded by the winner.
  const paymentId = answer.paymentId ?? undefined;
  if (answer.status === "authorized") return { step: "CONFIRM", note: "payment authorized", paymentId };
  if (answer.status === "pending") {
    const paymentDeadline = new Date(r.now().getTime() + r.paymentTimeoutSeconds * 1000);
    return { step: "AWAIT_PAYMENT", note: "awaiting the shopper's payment", paymentDeadline, deadline: paymentDeadline, paymentId };
  }
  return { ...compensate("VOID", `payment ${answer.status}${answer.failureCode ? `: ${answer.failureCode}` : ""}`), paymentId };
}

/** The move and the group's payment, in the caller's transaction; the row as written. */
async function move(tx: Tx, r: Resolved, saga: SagaWithGroup, m: Move): Promise<SagaWithGroup> {
  let group = saga.group;
  if (m.paymentId && !group.paymentId) {
    await tx.orderGroup.updateMany({ where: { id: saga.groupId, paymentId: null }, data: { paymentId: m.paymentId } });
    group = { ...group, paymentId: m.paymentId };
  }
  return { ...(await advance(tx, saga, m, r)), group };
}

/**
 * AUTHORIZE, and CONFIRM when the provider authorized at once: both moves and CONFIRM's work commit in
 * the transaction that records the provider's answer (docs/decisions/0027). A crash before it commits
 * leaves the saga at AUTHORIZE, whose retry replays the answer by its key. When confirmation is refused
 * (the reservation expired meanwhile) that transaction rolls back whole; the answer is then asked for
 * again and recorded with the move to CONFIRM alone, whose own step compensates.
 */
/** What AUTHORIZE asks for; fixed by the saga, so every runner (and RESERVE's open) asks the same. */
function authorizeRequest(deps: SagaDeps, saga: SagaWithGroup): AuthorizeRequest {
  const group = saga.group;
  const returnUrl = deps.returnUrl?.(group.id);
  return {
    orderGroupRef: group.id,
    amount: group.totalAmount,
    currency: group.currency,
    idempotencyKey: `saga:${saga.id}:authorize`,
    paymentMethod: saga.paymentMethod,
    ...(returnUrl ? { returnUrl } : {}),
  };
}

async function authorizeStep(deps: SagaDeps, r: Resolved, saga: SagaWithGroup, opened: PaymentView | undefined): Promise<Move | Moved> {
  const request = authorizeRequest(deps, saga);
  let moved: Moved | undefined;
  let answer: AuthorizeAnswer;
  try {
    answer = await deps.payments.authorize(
      request,
      async (tx, answer) => {
        const m = afterAuthorize(r, answer);
        const payment = answer.payment ? { payment: answer.payment } : {};
        if (m.step !== "CONFIRM") {
          moved = { moved: await move(tx, r, saga, m), ...payment };
          return;
        }
        // AUTHORIZE → CONFIRM and CONFIRM's own move are one UPDATE of the row, the group's payment and
        // status one UPDATE of the group (decision 0031); the history shows both moves.
        deps.onStep?.(saga.id, "CONFIRM");
        moved = { moved: await confirmIn(tx, r, saga, m), ...payment };
      },
      opened,
    );
  } catch (error) {
    if (!(error instanceof ConfirmRefusedError)) throw error;
    return afterAuthorize(r, await deps.payments.authorize(request));
  }
  // Refused outright by the provider: nothing was recorded with the answer, the runner moves the saga.
  return moved ?? afterAuthorize(r, answer);
}

/** `payment`: as the previous step of this run left it (none after a fresh read: the steps read it then). */
async function step(deps: SagaDeps, r: Resolved, saga: SagaWithGroup, payment: PaymentView | undefined): Promise<Move | Moved | "waiting" | null> {
  const group = saga.group;
  switch (saga.step) {
    case "RESERVE":
      return reserveStep(deps.db, r, saga, (tx) => deps.payments.open(tx, authorizeRequest(deps, saga)));
    case "AUTHORIZE":
      return authorizeStep(deps, r, saga, payment);
    case "AWAIT_PAYMENT": {
      const status = group.paymentId ? await deps.payments.status(group.paymentId) : ("failed" as const);
      if (status === "authorized") return { step: "CONFIRM", note: "payment authorized" };
      if (status === "pending") {
        if (saga.paymentDeadline && r.now() >= saga.paymentDeadline) return compensate("VOID", "payment-timeout");
        return "waiting";
      }
      return compensate("VOID", `payment ${status}`);
    }
    case "CONFIRM":
      return confirmStep(deps.db, r, saga);
    case "CAPTURE": {
      // The end of the saga commits with the capture's recording.
      let moved: SagaWithGroup | undefined;
      await deps.payments.capture(
        group.paymentId!,
        async (tx) => {
          moved = await move(tx, r, saga, { state: "CONFIRMED", step: "DONE", note: "payment captured" });
        },
        payment,
      );
      return moved ? { moved } : { state: "CONFIRMED", step: "DONE", note: "payment captured" };
    }
    case "VOID":
      await cancelStep(deps.db, deps.payments, saga);
      return { step: "RELEASE", note: "payment released" };
    case "RELEASE":
      return releaseStep(deps.db, r, saga);
    case "DONE":
      return null;
  }
}

const MAX_STEPS = 12;

type StepResult = Move | Moved | "waiting" | null;
type Outcome = { next: StepResult } | { error: unknown };

/**
 * The first read of a saga, and when it is at RESERVE (a placed event's saga) RESERVE itself, in one
 * transaction: a checkout's first two transactions become one. Throws only when nothing was read.
 */
async function readAndReserve(deps: SagaDeps, r: Resolved, sagaId: string): Promise<{ saga: SagaWithGroup; outcome?: Outcome }> {
  let read: SagaWithGroup | undefined;
  try {
    return await asPlatform(deps.db, async (tx) => {
      const saga = await tx.checkoutSaga.findUniqueOrThrow({ where: { id: sagaId }, include: { group: true } });
      read = saga;
      if (saga.state !== "RUNNING" || saga.step !== "RESERVE") return { saga };
      deps.onStep?.(saga.id, saga.step);
      return { saga, outcome: { next: await reserveIn(tx, r, saga, (t) => deps.payments.open(t, authorizeRequest(deps, saga))) } };
    });
  } catch (error) {
    if (!read) throw error;
    // Rolled back whole: the row as read, and the refusal's move (or the error, for the runner to record).
    const refused = reserveRefused(error);
    return { saga: read, outcome: refused ? { next: refused } : { error } };
  }
}

async function attempt(fn: () => Promise<StepResult>): Promise<Outcome> {
  try {
    return { next: await fn() };
  } catch (error) {
    return { error };
  }
}

/**
 * Runs the saga until it ends, waits for the shopper's payment, or a step fails (recorded on the row;
 * a resumer tries again after the step timeout). Returns the state it left the saga in. The row is read
 * once (together with RESERVE when it is there); after that the runner goes on from the row as its own
 * moves wrote it (re-read only when another runner moved it first).
 */
export async function runSaga(deps: SagaDeps, sagaId: string): Promise<SagaState> {
  const r = resolve(deps);
  let saga: SagaWithGroup | undefined;
  let payment: PaymentView | undefined;
  for (let i = 0; i < MAX_STEPS; i++) {
    const known = payment;
    payment = undefined;
    let first: Outcome | undefined;
    if (!saga) ({ saga, outcome: first } = await readAndReserve(deps, r, sagaId));
    if (!first && TERMINAL.includes(saga.state)) return saga.state;
    const current: SagaWithGroup = saga;
    const outcome =
      first ??
      (await attempt(() => {
        deps.onStep?.(current.id, current.step);
        return step(deps, r, current, known);
      }));
    if ("error" in outcome) {
      if (outcome.error instanceof SagaMovedError) {
        saga = undefined;
        continue;
      }
      await recordFailure(deps.db, r, current, outcome.error);
      return current.state;
    }
    const next = outcome.next;
    if (next === null || next === "waiting") return current.state;
    if ("moved" in next) {
      saga = next.moved;
      payment = next.payment;
      continue;
    }
    const m: Move = next;
    try {
      saga = await asPlatform(deps.db, (tx) => move(tx, r, current, m));
    } catch (error) {
      if (!(error instanceof SagaMovedError)) throw error;
      saga = undefined;
    }
  }
  return (saga ?? (await readSaga(deps.db, sagaId))).state;
}

async function recordFailure(db: Db, r: Resolved, saga: CheckoutSaga, error: unknown): Promise<void> {
  const message = error instanceof DomainError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
  // Back off with the attempts so a broken provider is not hammered; the resumer picks it up then.
  const delay = Math.min(r.stepTimeoutMs * 2 ** Math.min(saga.attempts, 6), 10 * 60_000);
  await asPlatform(db, (tx) =>
    tx.checkoutSaga.updateMany({
      where: { id: saga.id, version: saga.version },
      data: { attempts: { increment: 1 }, lastError: message.slice(0, 1_000), deadline: new Date(r.now().getTime() + delay), updatedAt: r.now() },
    }),
  );
}

/**
 * The resumer's pass: every unfinished saga whose deadline passed (its runner died, it failed and
 * backed off, or its payment timed out), claimed with SKIP LOCKED so concurrent resumers split them.
 * The claim pushes the deadline forward, so a saga is taken by one resumer per step timeout. A saga
 * placed less than a step timeout ago and not yet started is left to the consumer its placed event
 * reaches: claimed here as well, it was run twice at once (two authorize calls on one key, the loser
 * waiting out the provider's "in use"), which under load was a good part of the resumer's work.
 */
export async function resumeDueSagas(deps: SagaDeps, limit = 50): Promise<number> {
  const r = resolve(deps);
  const now = r.now();
  const placedBefore = new Date(now.getTime() - r.stepTimeoutMs);
  const claimed = await asPlatform(deps.db, (tx) =>
    tx.$queryRaw<{ id: string }[]>`
      UPDATE checkout_sagas SET deadline = ${new Date(now.getTime() + r.stepTimeoutMs)}
       WHERE id IN (SELECT id FROM checkout_sagas WHERE state IN ('RUNNING', 'COMPENSATING') AND deadline <= ${now}
                       AND (step <> 'RESERVE' OR attempts > 0 OR updated_at <= ${placedBefore})
                     ORDER BY deadline LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING id`,
  );
  for (const { id } of claimed) await runSaga(deps, id);
  return claimed.length;
}

/** What the group's orders still owe: the totals of those not cancelled. */
async function owed(deps: SagaDeps, groupId: string): Promise<number> {
  const orders = await asPlatform(deps.db, (tx) => tx.order.findMany({ where: { groupId, status: { not: "CANCELLED" } }, select: { totalAmount: true } }));
  return orders.reduce((sum, o) => sum + o.totalAmount, 0);
}

/**
 * A seller fulfilled an order of a confirmed group whose payment waits for fulfilment: capture what the
 * orders still owe (cancelled orders left out). Idempotent: the payments domain captures once.
 */
export async function captureAtFulfilment(deps: SagaDeps, groupId: string): Promise<boolean> {
  const group = await asPlatform(deps.db, (tx) => tx.orderGroup.findUnique({ where: { id: groupId }, include: { saga: true } }));
  if (!group?.paymentId || group.status !== "CONFIRMED" || group.saga?.state !== "CONFIRMED") return false;
  if ((await deps.payments.status(group.paymentId)) !== "authorized") return false;
  const amount = await owed(deps, groupId);
  if (amount === 0) await deps.payments.cancel(group.paymentId, `group:${groupId}:void`);
  else await deps.payments.captureAmount(group.paymentId, amount);
  return true;
}

/**
 * A seller cancelled a paid order: refund its share if the payment was captured (key per order, so a
 * redelivered event refunds once); if it is only authorized, the later capture leaves it out, and when
 * every order is cancelled the authorization is voided.
 */
export async function settleCancelledOrder(deps: SagaDeps, groupId: string, orderId: string, amount: number): Promise<"refunded" | "voided" | "left-out" | "none"> {
  const group = await asPlatform(deps.db, (tx) => tx.orderGroup.findUnique({ where: { id: groupId } }));
  if (!group?.paymentId || group.status !== "CONFIRMED") return "none";
  const status = await deps.payments.status(group.paymentId);
  if (status === "captured") {
    await deps.payments.refund(group.paymentId, amount, `order:${orderId}:cancel`);
    return "refunded";
  }
  if (status === "authorized" && (await owed(deps, groupId)) === 0) {
    await deps.payments.cancel(group.paymentId, `group:${groupId}:void`);
    return "voided";
  }
  return status === "authorized" ? "left-out" : "none";
}
