import { captured, ledgerSums, makeGroup, makeTenant, owed, startSandbox, type SandboxHandle } from "@bazaar/api/ledger/testing";
import { asPlatform } from "@bazaar/db";
import { enqueue, type NewEvent } from "@bazaar/events";
import { waitUntil } from "@bazaar/events/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTenancyHarness, type TenancyHarness } from "../onboarding/onboarding.testing";
import { createOutboxRelayWorker } from "../outbox-relay/outbox-relay.worker";
import { createLedgerPayoutsWorker } from "./ledger-payouts.worker";
import { createLedgerPostingsWorker } from "./ledger-postings.consumer";

// The ledger driven as production drives it: the money events go outbox → relay → Kafka → the
// ledger-postings consumer (inbox), and the ledger-payouts job runs on its own schedule with its clock
// past the hold period. A replayed event (same payload, new event id: past the inbox) posts nothing.

let h: TenancyHarness;
let pay: SandboxHandle;
const DAY_MS = 86_400_000;

beforeAll(async () => {
  pay = await startSandbox("workers");
  h = await startTenancyHarness("ledger_workers", (deps) => [
    createOutboxRelayWorker(deps),
    createLedgerPostingsWorker(deps),
  ]);
});

afterAll(async () => {
  await h?.close();
  await pay?.close();
});

const emit = (event: NewEvent) => asPlatform(h.db, (tx) => enqueue(tx, event));
const entries = (tenantId: string) => asPlatform(h.db, (tx) => tx.ledgerEntry.findMany({ where: { tenantId }, orderBy: { postedAt: "asc" } }));

describe("ledger workers", () => {
  it("post sales, refunds and cancellations from events once each, pay out the rest, and the books balance", { timeout: 90_000 }, async () => {
    const [a, b] = [await makeTenant(h.db, "wa"), await makeTenant(h.db, "wb")];
    const g = await makeGroup(h.db, [{ tenantId: a, total: 10_000, commission: 1_500 }, { tenantId: b, total: 4_000, commission: 600, discount: 500, fundedBy: "PLATFORM" }]);
    const capture = { type: "payments.payment.captured", version: 1, tenantId: null, aggregateId: crypto.randomUUID(), payload: captured(g.groupId, g.total) } as const;
    await emit(capture);
    await emit(capture); // a replay: another event id, the same capture

    const refund = {
      type: "orders.order.refunded", version: 1, tenantId: a, aggregateId: g.groupId,
      payload: { groupId: g.groupId, orderId: g.orderIds[0]!, tenantId: a, refundId: crypto.randomUUID(), amount: 2_000, refundedTotal: 2_000, full: false, currency: "EUR", reason: "scratched", actorId: crypto.randomUUID() },
    } as const;
    await emit(refund);
    await emit(refund);
    // b cancels its order after the capture was posted (the ledger reverses the sale).
    await waitUntil(async () => (await entries(b)).length === 1, { timeoutMs: 60_000, intervalMs: 200, description: "b's sale posted" });
    await asPlatform(h.db, (tx) => tx.order.update({ where: { id: g.orderIds[1]! }, data: { status: "CANCELLED" } }));
    await emit({ type: "orders.order.cancelled", version: 1, tenantId: b, aggregateId: g.groupId, payload: { groupId: g.groupId, orderId: g.orderIds[1]!, tenantId: b, amount: 4_000, currency: "EUR", actorId: crypto.randomUUID() } });

    // Every event handled (the replays included) before the payout job runs.
    await waitUntil(async () => (await asPlatform(h.db, (tx) => tx.inboxEvent.count({ where: { consumerGroup: { contains: "ledger-postings" } } }))) >= 5, {
      timeoutMs: 60_000,
      intervalMs: 200,
      description: "five events in the ledger's inbox",
    });
    // The refund (orders.events) may be posted before the sale (payments.events): topics are not ordered
    // with each other, and a refund posting needs only the order.
    expect((await entries(a)).map((e) => e.kind).sort()).toEqual(["REFUND", "SALE"]);

    // The payout job on its schedule, its clock past the hold period.
    const job = createLedgerPayoutsWorker(h.deps, {
      intervalMs: 300,
      payouts: { db: h.db, provider: pay.provider, holdSeconds: 7 * 86_400, periodSeconds: 86_400, now: () => new Date(Date.now() + 8 * DAY_MS) },
    });
    await job.start();
    // a: sale 8 500, refund takes 2 000 less 300 commission → 6 800 paid out; b: cancelled → nothing.
    const payouts = await waitUntil(
      async () => {
        const rows = await asPlatform(h.db, (tx) => tx.payout.findMany({ where: { tenantId: { in: [a, b] }, status: "PAID" } }));
        return rows.length === 1 && rows;
      },
      { timeoutMs: 30_000, intervalMs: 200, description: "a's payout paid" },
    );
    await job.stop();
    expect(payouts.map((p) => [p.tenantId, p.amount])).toEqual([[a, 6_800]]);
    expect((await entries(a)).map((e) => e.kind).sort()).toEqual(["PAYOUT", "PAYOUT_SETTLED", "REFUND", "SALE"]);
    expect((await entries(b)).map((e) => e.kind)).toEqual(["SALE", "CANCELLATION"]);
    expect(await owed(h.db, a)).toBe(0);
    expect(await owed(h.db, b)).toBe(0);
    expect(await ledgerSums(h.db)).toEqual({ EUR: 0 });
  });

  it("reverse a refund the provider refused, once, from orders.refund.failed through Kafka", { timeout: 90_000 }, async () => {
    const c = await makeTenant(h.db, "wc");
    const g = await makeGroup(h.db, [{ tenantId: c, total: 6_000, commission: 600 }]);
    await emit({ type: "payments.payment.captured", version: 1, tenantId: null, aggregateId: crypto.randomUUID(), payload: captured(g.groupId, g.total) });
    const refundId = crypto.randomUUID();
    const ref = { groupId: g.groupId, orderId: g.orderIds[0]!, tenantId: c, refundId, amount: 3_000, currency: "EUR" };
    await emit({ type: "orders.order.refunded", version: 1, tenantId: c, aggregateId: g.groupId, payload: { ...ref, refundedTotal: 3_000, full: false, reason: "returned", actorId: crypto.randomUUID() } });
    const failed = { type: "orders.refund.failed", version: 1, tenantId: c, aggregateId: g.groupId, payload: { ...ref, refundedTotal: 0, status: "PAID", error: "UNPROCESSABLE_CONTENT: refused" } } as const;
    await emit(failed);
    await emit(failed); // a replay under a new event id
    await waitUntil(async () => (await entries(c)).length === 3, { timeoutMs: 60_000, intervalMs: 200, description: "sale, refund and its reversal posted" });
    await waitUntil(async () => (await asPlatform(h.db, (tx) => tx.inboxEvent.count({ where: { consumerGroup: { contains: "ledger-postings" } } }))) >= 9, {
      timeoutMs: 60_000,
      intervalMs: 200,
      description: "every event of this test in the ledger's inbox",
    });
    expect((await entries(c)).map((e) => e.kind).sort()).toEqual(["REFUND", "REFUND_REVERSAL", "SALE"]);
    expect(await owed(h.db, c)).toBe(6_000 - 600);
    expect(await ledgerSums(h.db)).toEqual({ EUR: 0 });
  });
});
