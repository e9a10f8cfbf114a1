import { asPlatform, type CheckoutSaga, type Db, type OrderGroup, type SagaState, type SagaStep } from "@bazaar/db";
import { DomainError } from "../errors";
import { advance, resolve, SagaMovedError, TERMINAL, type Move, type Resolved, type SagaDeps } from "./saga-state";
import { cancelStep, confirmStep, releaseStep, reserveStep, type Moved } from "./saga-steps";

export type { SagaDeps } from "./saga-state";

// The checkout saga (docs/decisions/0019, state diagram in docs/architecture.md). Its row in
// `checkout_sagas` is the whole truth of where a checkout stands; `runSaga` reads it, performs the
// current step and moves the row on with a conditional UPDATE on (id, version). Every step is
// idempotent (deterministic keys for reservations and payments; settling a settled reservation is a
// no-op), so any number of runners may work on one saga and any of them may die at any point: the
// next one redoes the step it finds and the version check lets exactly one move the row on.

const compensate = (step: SagaStep, reason: string): Move => ({ state: "COMPENSATING", step, note: `compensate: ${reason}`, lastError: reason });

/** The saga with its group, read in one transaction at the start of every step (the group's payment moves with the saga). */
type SagaWithGroup = CheckoutSaga & { group: OrderGroup };
const readSaga = (db: Db, sagaId: string): Promise<SagaWithGroup> => asPlatform(db, (tx) => tx.checkoutSaga.findUniqueOrThrow({ where: { id: sagaId }, include: { group: true } }));

async function step(deps: SagaDeps, r: Resolved, saga: SagaWithGroup): Promise<Move | Moved | "waiting" | null> {
  const group = saga.group;
  switch (saga.step) {
    case "RESERVE":
      return reserveStep(deps.db, r, saga);
    case "AUTHORIZE": {
      const result = await deps.payments.authorize({
        orderGroupRef: group.id,
        amount: group.totalAmount,
        currency: group.currency,
        idempotencyKey: `saga:${saga.id}:authorize`,
        paymentMethod: saga.paymentMethod,
        ...(deps.returnUrl?.(group.id) ? { returnUrl: deps.returnUrl(group.id)! } : {}),
      });
      // The payment is recorded on the group in the move's transaction: a runner that loses the move
      // to another finds the same payment (same key) recorded by the winner.
      const paymentId = result.paymentId ?? undefined;
      if (result.status === "authorized") return { step: "CONFIRM", note: "payment authorized", paymentId };
      if (result.status === "pending") {
        const paymentDeadline = new Date(r.now().getTime() + r.paymentTimeoutSeconds * 1000);
        return { step: "AWAIT_PAYMENT", note: "awaiting the shopper's payment", paymentDeadline, deadline: paymentDeadline, paymentId };
      }
      return { ...compensate("VOID", `payment ${result.status}${result.failureCode ? `: ${result.failureCode}` : ""}`), paymentId };
    }
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
      await deps.payments.capture(group.paymentId!);
      return { state: "CONFIRMED", step: "DONE", note: "payment captured" };
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

/**
 * Runs the saga until it ends, waits for the shopper's payment, or a step fails (recorded on the row;
 * a resumer tries again after the step timeout). Returns the state it left the saga in.
 */
export async function runSaga(deps: SagaDeps, sagaId: string): Promise<SagaState> {
  const r = resolve(deps);
  for (let i = 0; i < MAX_STEPS; i++) {
    const saga = await readSaga(deps.db, sagaId);
    if (TERMINAL.includes(saga.state)) return saga.state;
    let move: Move | Moved | "waiting" | null;
    try {
      deps.onStep?.(saga.id, saga.step);
      move = await step(deps, r, saga);
    } catch (error) {
      if (error instanceof SagaMovedError) continue;
      await recordFailure(deps.db, r, saga, error);
      return saga.state;
    }
    if (move === null || move === "waiting") return saga.state;
    // Steps with database work moved the row inside their own transaction (and say so with `moved`).
    if ("moved" in move) continue;
    try {
      await asPlatform(deps.db, async (tx) => {
        if (move.paymentId) await tx.orderGroup.updateMany({ where: { id: saga.groupId, paymentId: null }, data: { paymentId: move.paymentId } });
        await advance(tx, saga, move, r);
      });
      // Ended by this move: no need to read the row again to learn it.
      if (move.state && TERMINAL.includes(move.state)) return move.state;
    } catch (error) {
      if (!(error instanceof SagaMovedError)) throw error;
    }
  }
  return (await asPlatform(deps.db, (tx) => tx.checkoutSaga.findUniqueOrThrow({ where: { id: sagaId } }))).state;
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
 * The claim pushes the deadline forward, so a saga is taken by one resumer per step timeout.
 */
export async function resumeDueSagas(deps: SagaDeps, limit = 50): Promise<number> {
  const r = resolve(deps);
  const now = r.now();
  const claimed = await asPlatform(deps.db, (tx) =>
    tx.$queryRaw<{ id: string }[]>`
      UPDATE checkout_sagas SET deadline = ${new Date(now.getTime() + r.stepTimeoutMs)}
       WHERE id IN (SELECT id FROM checkout_sagas WHERE state IN ('RUNNING', 'COMPENSATING') AND deadline <= ${now}
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
