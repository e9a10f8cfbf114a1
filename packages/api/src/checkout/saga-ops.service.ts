import { asPlatform, type CheckoutSaga, type Db, type Prisma } from "@bazaar/db";
import { appendAuditEntry } from "../audit/audit-log.service";
import { ConflictError, DomainError, NotFoundError } from "../errors";
import { TERMINAL } from "./saga-state";
import type { ListSagasInput, RetrySagaInput, SagaView, StuckRule } from "./saga-ops.schema";

// The ops console's saga monitor: reads every checkout saga (platform context: a saga spans sellers) and
// the one operator action, a retry, which only re-arms the deadline. The runner and resumer stay the
// only code that performs steps (saga-runner.ts); a retry changes when the resumer looks, never what it does.

const UNFINISHED = ["RUNNING", "COMPENSATING"] as const;

/** A saga has finished: there is nothing left to retry. */
export class SagaFinishedError extends DomainError {
  constructor(sagaId: string, state: string) {
    super("PRECONDITION_FAILED", `the saga has finished (${state.toLowerCase()}); there is nothing to retry`, { reason: "saga-finished", sagaId, state });
    this.name = "SagaFinishedError";
  }
}

function stuckWhere(rule: StuckRule, now: Date): Prisma.CheckoutSagaWhereInput {
  return { state: { in: [...UNFINISHED] }, OR: [{ deadline: { lt: new Date(now.getTime() - rule.overdueSeconds * 1000) } }, { attempts: { gte: rule.minAttempts } }] };
}

function viewWhere(view: SagaView, rule: StuckRule, now: Date): Prisma.CheckoutSagaWhereInput {
  switch (view) {
    case "stuck":
      return stuckWhere(rule, now);
    case "in-flight":
      return { state: { in: [...UNFINISHED] }, NOT: stuckWhere(rule, now) };
    case "compensated":
      return { state: "COMPENSATED" };
    case "confirmed":
      return { state: "CONFIRMED" };
    case "all":
      return {};
  }
}

export function isStuck(saga: Pick<CheckoutSaga, "state" | "deadline" | "attempts">, rule: StuckRule, now: Date): boolean {
  if (TERMINAL.includes(saga.state)) return false;
  return saga.deadline.getTime() < now.getTime() - rule.overdueSeconds * 1000 || saga.attempts >= rule.minAttempts;
}

const rowSelect = {
  id: true,
  groupId: true,
  state: true,
  step: true,
  attempts: true,
  deadline: true,
  paymentDeadline: true,
  lastError: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  group: { select: { email: true, currency: true, totalAmount: true, status: true, _count: { select: { orders: true } } } },
} satisfies Prisma.CheckoutSagaSelect;

/** One page of sagas in a view, newest first, and how many sagas each view holds (under the same rule). */
export async function listSagas(db: Db, input: ListSagasInput, now = new Date()) {
  const rule = { overdueSeconds: input.overdueSeconds, minAttempts: input.minAttempts };
  return asPlatform(db, async (tx) => {
    const filters: Prisma.CheckoutSagaWhereInput[] = [viewWhere(input.view, rule, now)];
    if (input.step) filters.push({ step: input.step });
    if (input.id) filters.push({ OR: [{ id: input.id }, { groupId: input.id }] });
    if (input.tenantId) filters.push({ group: { orders: { some: { tenantId: input.tenantId } } } });
    if (input.email) filters.push({ group: { email: { contains: input.email, mode: "insensitive" } } });
    if (input.createdAfter) filters.push({ createdAt: { gte: input.createdAfter } });
    const rows = await tx.checkoutSaga.findMany({
      where: { AND: filters },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: input.limit + 1,
      ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
      select: rowSelect,
    });
    const views = ["in-flight", "stuck", "compensated", "confirmed"] as const;
    const counts = await Promise.all(views.map((v) => tx.checkoutSaga.count({ where: viewWhere(v, rule, now) })));
    const page = rows.slice(0, input.limit);
    return {
      sagas: page.map(({ group, ...s }) => ({
        ...s,
        stuck: isStuck(s, rule, now),
        email: group.email,
        currency: group.currency,
        totalAmount: group.totalAmount,
        groupStatus: group.status,
        orders: group._count.orders,
      })),
      counts: Object.fromEntries(views.map((v, i) => [v, counts[i]!])) as Record<(typeof views)[number], number>,
      nextCursor: rows.length > input.limit ? page[page.length - 1]!.id : null,
    };
  });
}

export interface SagaHistoryEntry {
  at: string;
  from: string;
  to: string;
  note: string;
  actorId?: string;
}

function historyOf(raw: Prisma.JsonValue): SagaHistoryEntry[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((e) => {
    if (!e || typeof e !== "object" || Array.isArray(e)) return [];
    const { at, from, to, note, actorId } = e as Record<string, unknown>;
    if (typeof at !== "string" || typeof from !== "string" || typeof to !== "string" || typeof note !== "string") return [];
    return [{ at, from, to, note, ...(typeof actorId === "string" ? { actorId } : {}) }];
  });
}

/** One saga with its step history, its group's orders (seller and status) and the group's payment. */
export async function getSaga(db: Db, sagaId: string, rule: StuckRule, now = new Date()) {
  const found = await asPlatform(db, async (tx) => {
    const saga = await tx.checkoutSaga.findUnique({ where: { id: sagaId }, include: { group: { include: { orders: { orderBy: { createdAt: "asc" } } } } } });
    if (!saga) return null;
    const tenants = await tx.tenant.findMany({ where: { id: { in: saga.group.orders.map((o) => o.tenantId) } }, select: { id: true, name: true } });
    // Read-only view of the payment row. Not through payments.service: that module pulls the payments
    // package's env (import.meta.dirname) into the Next apps' bundles, where the router runs in-process.
    const payment = saga.group.paymentId
      ? await tx.payment.findUnique({
          where: { id: saga.group.paymentId },
          select: { id: true, provider: true, status: true, amount: true, currency: true, capturedAmount: true, refundedAmount: true, failureCode: true, updatedAt: true },
        })
      : null;
    return { saga, payment, tenantName: new Map(tenants.map((t) => [t.id, t.name])) };
  });
  if (!found) throw new NotFoundError("saga", { sagaId });
  const { saga, payment, tenantName } = found;
  const { group } = saga;
  return {
    id: saga.id,
    state: saga.state,
    step: saga.step,
    attempts: saga.attempts,
    deadline: saga.deadline,
    paymentDeadline: saga.paymentDeadline,
    lastError: saga.lastError,
    version: saga.version,
    createdAt: saga.createdAt,
    updatedAt: saga.updatedAt,
    stuck: isStuck(saga, rule, now),
    history: historyOf(saga.history),
    group: { id: group.id, email: group.email, status: group.status, currency: group.currency, totalAmount: group.totalAmount, createdAt: group.createdAt },
    orders: group.orders.map((o) => ({
      id: o.id,
      tenantId: o.tenantId,
      tenantName: tenantName.get(o.tenantId) ?? null,
      status: o.status,
      totalAmount: o.totalAmount,
      currency: o.currency,
      captureAt: o.captureAt,
      trackingNumber: o.trackingNumber,
    })),
    payment,
  };
}

/**
 * Re-arms a stuck saga's deadline to now, so the next resumer pass (or any runner) takes it at once, and
 * restarts its back-off. Conditional on the version the operator saw: a worker that moved the saga
 * meanwhile wins and the operator is told to look again. The version moves on, so a runner that read the
 * saga before the retry re-reads it before it moves it (its step is idempotent; saga-runner.ts).
 * Audited in the platform chain in the same transaction.
 */
export async function retrySaga(db: Db, actorId: string, input: RetrySagaInput, now = new Date()) {
  return asPlatform(db, async (tx) => {
    const saga = await tx.checkoutSaga.findUnique({ where: { id: input.sagaId } });
    if (!saga) throw new NotFoundError("saga", { sagaId: input.sagaId });
    if (TERMINAL.includes(saga.state)) throw new SagaFinishedError(saga.id, saga.state);
    const moved = () => new ConflictError("the saga moved on since you looked at it; reload and check again", { reason: "saga-moved", sagaId: saga.id, version: saga.version });
    if (saga.version !== input.expectedVersion) throw moved();
    const at = `${saga.state}/${saga.step}`;
    const entry: SagaHistoryEntry = { at: now.toISOString(), from: at, to: at, note: `operator retry: ${input.reason}`, actorId };
    const { count } = await tx.checkoutSaga.updateMany({
      where: { id: saga.id, version: input.expectedVersion, state: { in: [...UNFINISHED] } },
      data: { deadline: now, attempts: 0, history: [...(saga.history as Prisma.JsonArray), { ...entry }], version: { increment: 1 }, updatedAt: now },
    });
    if (count !== 1) throw moved();
    await appendAuditEntry(tx, {
      tenantId: null,
      actorId,
      action: "checkout.saga.retried",
      entityType: "checkout-saga",
      entityId: saga.id,
      data: { groupId: saga.groupId, state: saga.state, step: saga.step, attempts: saga.attempts, lastError: saga.lastError, reason: input.reason },
      eventId: null,
    });
    return { sagaId: saga.id, state: saga.state, step: saga.step, deadline: now, version: saga.version + 1 };
  });
}
