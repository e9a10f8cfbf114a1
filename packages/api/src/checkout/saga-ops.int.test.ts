import { randomUUID } from "node:crypto";
import { asPlatform } from "@bazaar/db";
import { SandboxProvider } from "@bazaar/payments";
import { TEST_WEBHOOK_SECRET } from "@bazaar/payments/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import { refusal } from "../inventory/inventory.testing";
import { ADDRESS, startCheckoutWorld, type CheckoutWorld, type ShopSeller } from "./checkout.testing";
import { paymentsGateway } from "./payment-gateway";
import { resumeDueSagas, runSaga } from "./saga-runner";

// The saga monitor against the real PostgreSQL, Redis and payments sandbox: sagas made by real checkouts,
// one stuck because its payment provider could not be reached, and retries raced with each other and a runner.

let w: CheckoutWorld;
let a: ShopSeller;
let b: ShopSeller;
const operatorId = randomUUID();
const ops = () => w.caller(operatorId, undefined, "OPERATOR");
const live = () => ({ db: w.db, payments: w.gateway });
// A provider nobody answers for (port 9 is discard; nothing listens): every authorize fails, so the saga
// records the failure and backs off, the way it does while a real provider is down.
const down = () => ({
  db: w.db,
  payments: paymentsGateway({ db: w.db, providers: { sandbox: new SandboxProvider({ baseUrl: "http://127.0.0.1:9", webhookSecret: TEST_WEBHOOK_SECRET }) } }, "sandbox"),
});

async function place(label: string, paymentMethod = "pm_card_visa") {
  const cart = await w.cart([{ variantId: a.variantIds[0]!, quantity: 1 }, { variantId: b.variantIds[0]!, quantity: 1 }]);
  return cart.c.checkout.placeOrder({ cartId: cart.cartId, token: cart.token, idempotencyKey: `ops-${label}-${randomUUID()}`, email: `${label}@ops.test`, shippingAddress: ADDRESS, paymentMethod });
}

/** A saga whose authorization failed `times` times in a row (a provider that does not answer). */
async function stuckSaga(label: string, times = 3) {
  const placed = await place(label);
  for (let i = 0; i < times; i++) await runSaga(down(), placed.sagaId);
  return placed;
}

const sagaOf = (sagaId: string) => asPlatform(w.db, (tx) => tx.checkoutSaga.findUniqueOrThrow({ where: { id: sagaId } }));
const retryAudits = (sagaId: string) => asPlatform(w.db, (tx) => tx.auditEntry.findMany({ where: { tenantId: null, action: "checkout.saga.retried", entityId: sagaId } }));
const reasonOf = (error: { cause?: unknown }) => (error.cause instanceof DomainError ? error.cause.details.reason : undefined);

let confirmed: Awaited<ReturnType<typeof place>>;
let compensated: Awaited<ReturnType<typeof place>>;
let stuck: Awaited<ReturnType<typeof place>>;
let inFlight: Awaited<ReturnType<typeof place>>;

beforeAll(async () => {
  w = await startCheckoutWorld("api_saga_ops", { poolSize: 20 });
  a = await w.shop("opsa", 1, 100);
  b = await w.shop("opsb", 1, 100, { shipping: 0 });
  confirmed = await place("confirmed");
  expect(await runSaga(live(), confirmed.sagaId)).toBe("CONFIRMED");
  compensated = await place("declined", "pm_card_chargeDeclined");
  expect(await runSaga(live(), compensated.sagaId)).toBe("COMPENSATED");
  stuck = await stuckSaga("stuck");
  inFlight = await place("inflight");
});

afterAll(async () => {
  await w?.close();
});

describe("saga monitor", () => {
  it("sorts every saga into one view: in flight, stuck, compensated, confirmed", async () => {
    const c = await ops();
    const ids = async (view: "in-flight" | "stuck" | "compensated" | "confirmed" | "all") => (await c.sagaOps.list({ view, email: "@ops.test" })).sagas.map((s) => s.id);
    expect(await ids("confirmed")).toEqual([confirmed.sagaId]);
    expect(await ids("compensated")).toEqual([compensated.sagaId]);
    expect(await ids("stuck")).toEqual([stuck.sagaId]);
    expect(await ids("in-flight")).toEqual([inFlight.sagaId]);
    expect(new Set(await ids("all"))).toEqual(new Set([confirmed.sagaId, compensated.sagaId, stuck.sagaId, inFlight.sagaId]));

    const page = await c.sagaOps.list({ view: "stuck", email: "stuck@" });
    expect(page.counts).toEqual({ "in-flight": 1, stuck: 1, compensated: 1, confirmed: 1 });
    expect(page.sagas[0]).toMatchObject({ state: "RUNNING", step: "AUTHORIZE", attempts: 3, stuck: true, email: "stuck@ops.test", orders: 2 });
    // The provider address nobody answers on: the step's last failure, as the operator sees it.
    expect(page.sagas[0]!.lastError).toMatch(/^sandbox unreachable: /);
    // A higher bar for "many attempts" moves it back among the sagas in flight.
    expect((await c.sagaOps.list({ view: "stuck", minAttempts: 4 })).sagas).toEqual([]);
  });

  it("filters by step, seller, saga or group id, and walks the pages without repeating one", async () => {
    const c = await ops();
    expect((await c.sagaOps.list({ step: "AUTHORIZE", view: "all" })).sagas.map((s) => s.id)).toEqual([stuck.sagaId]);
    expect((await c.sagaOps.list({ id: confirmed.groupId })).sagas.map((s) => s.id)).toEqual([confirmed.sagaId]);
    expect((await c.sagaOps.list({ id: confirmed.sagaId })).sagas.map((s) => s.id)).toEqual([confirmed.sagaId]);
    expect((await c.sagaOps.list({ tenantId: a.tenantId, view: "compensated" })).sagas.map((s) => s.id)).toEqual([compensated.sagaId]);
    expect((await c.sagaOps.list({ tenantId: randomUUID() })).sagas).toEqual([]);

    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await c.sagaOps.list({ email: "@ops.test", limit: 1, ...(cursor ? { cursor } : {}) });
      seen.push(...page.sagas.map((s) => s.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
    expect((await refusal(c.sagaOps.list({ cursor: "not-a-cursor" }))).code).toBe("BAD_REQUEST");
    expect((await refusal(c.sagaOps.list({ limit: 0 }))).code).toBe("BAD_REQUEST");
  });

  it("shows one saga with its step history, its orders per seller and the payment", async () => {
    const detail = await (await ops()).sagaOps.get({ sagaId: confirmed.sagaId });
    expect(detail).toMatchObject({ state: "CONFIRMED", step: "DONE", stuck: false, group: { id: confirmed.groupId, status: "CONFIRMED" } });
    expect(detail.history.map((h) => h.to)).toEqual(expect.arrayContaining(["RUNNING/AUTHORIZE", "RUNNING/CONFIRM", "CONFIRMED/DONE"]));
    expect(detail.history.at(-1)).toMatchObject({ to: "CONFIRMED/DONE", note: "payment captured" });
    expect(detail.orders.map((o) => [o.tenantId, o.status]).sort()).toEqual([[a.tenantId, "PAID"], [b.tenantId, "PAID"]].sort());
    expect(detail.orders.every((o) => o.tenantName !== null)).toBe(true);
    expect(detail.payment).toMatchObject({ status: "CAPTURED", amount: detail.group.totalAmount, capturedAmount: detail.group.totalAmount });

    const declined = await (await ops()).sagaOps.get({ sagaId: compensated.sagaId });
    expect(declined).toMatchObject({ state: "COMPENSATED", group: { status: "CANCELLED" } });
    expect(declined.history.some((h) => h.note.startsWith("compensate: payment failed"))).toBe(true);
    expect((await refusal((await ops()).sagaOps.get({ sagaId: randomUUID() }))).code).toBe("NOT_FOUND");
  });

  it("retries a stuck saga: deadline re-armed, audited, and the resumer takes it at once and confirms it", async () => {
    const saga = await sagaOf(stuck.sagaId);
    const before = new Date();
    const result = await (await ops()).sagaOps.retry({ sagaId: saga.id, expectedVersion: saga.version, reason: "provider is back" });
    expect(result).toMatchObject({ sagaId: saga.id, version: saga.version + 1 });
    const armed = await sagaOf(saga.id);
    expect(armed).toMatchObject({ state: "RUNNING", step: "AUTHORIZE", attempts: 0, version: saga.version + 1 });
    expect(armed.deadline.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(armed.deadline.getTime()).toBeLessThanOrEqual(Date.now());
    expect((armed.history as { note: string; actorId?: string }[]).at(-1)).toMatchObject({ note: "operator retry: provider is back", actorId: operatorId });
    const audits = await retryAudits(saga.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorId: operatorId, entityType: "checkout-saga", data: { reason: "provider is back", attempts: 3, step: "AUTHORIZE" } });

    // The resumer's next pass takes every saga that is due, the re-armed one among them; one placed a
    // moment ago and not started yet is left to the consumer its placed event reaches.
    const fresh = await place("fresh");
    const due = await asPlatform(w.db, (tx) =>
      tx.checkoutSaga.findMany({ where: { state: { in: ["RUNNING", "COMPENSATING"] }, deadline: { lte: new Date() } }, select: { id: true, step: true, attempts: true } }),
    );
    expect(due.map((s) => s.id)).toEqual(expect.arrayContaining([saga.id, fresh.sagaId]));
    const started = due.filter((s) => s.step !== "RESERVE" || s.attempts > 0);
    expect(started.map((s) => s.id)).toContain(saga.id);
    const freshBefore = await sagaOf(fresh.sagaId);
    expect(await resumeDueSagas(live())).toBe(started.length);
    expect(await sagaOf(fresh.sagaId)).toEqual(freshBefore);
    expect(await sagaOf(saga.id)).toMatchObject({ state: "CONFIRMED", step: "DONE" });
    expect((await refusal((await ops()).sagaOps.retry({ sagaId: saga.id, expectedVersion: (await sagaOf(saga.id)).version, reason: "again" }))).code).toBe("PRECONDITION_FAILED");
  });

  it("refuses a finished saga, a stale version, an unknown saga, bad input and support staff, changing nothing", async () => {
    const c = await ops();
    const target = await stuckSaga("refusals");
    const saga = await sagaOf(target.sagaId);
    const finished = await refusal(c.sagaOps.retry({ sagaId: confirmed.sagaId, expectedVersion: (await sagaOf(confirmed.sagaId)).version, reason: "x" }));
    expect([finished.code, reasonOf(finished)]).toEqual(["PRECONDITION_FAILED", "saga-finished"]);
    const stale = await refusal(c.sagaOps.retry({ sagaId: saga.id, expectedVersion: saga.version + 5, reason: "x" }));
    expect([stale.code, reasonOf(stale)]).toEqual(["CONFLICT", "saga-moved"]);
    expect((await refusal(c.sagaOps.retry({ sagaId: randomUUID(), expectedVersion: 0, reason: "x" }))).code).toBe("NOT_FOUND");
    expect((await refusal(c.sagaOps.retry({ sagaId: saga.id, expectedVersion: saga.version, reason: "  " }))).code).toBe("BAD_REQUEST");
    expect((await refusal(c.sagaOps.retry({ sagaId: saga.id, expectedVersion: -1, reason: "x" }))).code).toBe("BAD_REQUEST");
    const support = await w.caller(randomUUID(), undefined, "SUPPORT");
    expect((await support.sagaOps.list({})).sagas.length).toBeGreaterThan(0);
    expect((await refusal(support.sagaOps.retry({ sagaId: saga.id, expectedVersion: saga.version, reason: "x" }))).code).toBe("FORBIDDEN");
    expect(await sagaOf(saga.id)).toEqual(saga);
    expect(await retryAudits(saga.id)).toEqual([]);
  });

  it("of 10 operators retrying the same saga at once exactly one re-arms it; the others are told it moved", async () => {
    const target = await stuckSaga("race");
    const saga = await sagaOf(target.sagaId);
    const c = await ops();
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => c.sagaOps.retry({ sagaId: saga.id, expectedVersion: saga.version, reason: `operator ${i}` })));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refused = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as { code: string; cause?: unknown }] : []));
    expect(refused.map((e) => [e.code, reasonOf(e)])).toEqual(Array.from({ length: 9 }, () => ["CONFLICT", "saga-moved"]));
    expect(await retryAudits(saga.id)).toHaveLength(1);
    expect(await sagaOf(saga.id)).toMatchObject({ version: saga.version + 1, attempts: 0 });
  });

  it("a retry raced with runners that take the saga ends it confirmed once: one authorization, one capture", async () => {
    const target = await stuckSaga("runner-race");
    const saga = await sagaOf(target.sagaId);
    const c = await ops();
    const [retried, ...runs] = await Promise.allSettled([
      c.sagaOps.retry({ sagaId: saga.id, expectedVersion: saga.version, reason: "race" }),
      runSaga(live(), saga.id),
      runSaga(live(), saga.id),
      resumeDueSagas(live()),
    ]);
    expect(runs.every((r) => r.status === "fulfilled")).toBe(true);
    // Whoever moved first, the retry either re-armed it or was told it moved on; never a 500.
    if (retried!.status === "rejected") expect((retried!.reason as { code: string }).code).toMatch(/^(CONFLICT|PRECONDITION_FAILED)$/);
    // A runner may have stopped on the retry's version bump; one more pass finishes whatever is left.
    await runSaga(live(), saga.id);
    expect(await sagaOf(saga.id)).toMatchObject({ state: "CONFIRMED", step: "DONE" });
    const group = await asPlatform(w.db, (tx) => tx.orderGroup.findUniqueOrThrow({ where: { id: target.groupId } }));
    const payments = await asPlatform(w.db, (tx) => tx.payment.findMany({ where: { orderGroupRef: target.groupId } }));
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ id: group.paymentId, status: "CAPTURED", capturedAmount: group.totalAmount });
  });
});
