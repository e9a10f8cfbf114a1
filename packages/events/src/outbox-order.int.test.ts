import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventConsumer } from "./consumer";
import { createEventsHarness, effectSummary, startEffectsConsumer, startHarnessRelay, type EventsHarness } from "./harness";
import { enqueue, enqueueMany } from "./outbox";
import { createProducer, type EventProducer } from "./producer";
import type { OutboxRelay } from "./relay";
import { createHandlerSpy, ping, waitUntil, type HandlerSpy } from "./testing";

const group = "order";
const writers = 16;
let h: EventsHarness;
let producer: EventProducer;
let consumer: EventConsumer;
let relay: OutboxRelay;
let spy: HandlerSpy;

beforeAll(async () => {
  h = await createEventsHarness("outbox-order", { poolSize: writers + 4 });
  producer = createProducer({ kafka: h.kafka });
  await producer.connect();
  spy = createHandlerSpy();
  consumer = await startEffectsConsumer(h, group, spy);
  relay = startHarnessRelay(h, producer);
});

afterAll(async () => {
  await relay?.stop();
  await consumer?.stop();
  await producer?.disconnect();
  await h?.close();
});

/** Sessions of this test's database that wait for an advisory lock. */
async function advisoryWaiters(): Promise<number> {
  const [row] = await h.ownerQuery<{ n: string }>(
    `SELECT count(*) AS n FROM pg_locks
      WHERE locktype = 'advisory' AND NOT granted
        AND database = (SELECT oid FROM pg_database WHERE datname = $1)`,
    [h.database.name],
  );
  return Number(row!.n);
}

describe("outbox per-aggregate order", () => {
  it("publishes one aggregate's events in commit order when many writers overlap", { timeout: 60_000 }, async () => {
    const key = "contended";
    const ids: string[] = [];
    // Writers that have enqueued and now hold their transaction open until the test lets them commit.
    const open: { seq: number; commit: () => void }[] = [];
    const done = Array.from({ length: writers }, (_, seq) =>
      h.db.$transaction(
        async (tx) => {
          ids.push((await enqueue(tx, ping(key, seq))).id);
          await new Promise<void>((commit) => open.push({ seq, commit }));
        },
        { timeout: 30_000, maxWait: 30_000 },
      ),
    );

    // The test decides the commit order: each round waits until every remaining writer has either
    // enqueued or is blocked in enqueue, commits the most recently enqueued one and waits for that
    // commit. Without a per-key lock all writers enqueue at once, positions follow enqueue order and
    // this reverse commit order is published backwards; with the lock only one writer is ever past
    // enqueue, so commit order and position order are the same.
    const committed: number[] = [];
    for (let remaining = writers; remaining > 0; remaining--) {
      await waitUntil(async () => open.length > 0 && open.length + (await advisoryWaiters()) === remaining, {
        description: "remaining writers to enqueue or block",
      });
      const next = open.pop()!;
      next.commit();
      await done[next.seq];
      committed.push(next.seq);
    }

    await spy.waitForAll(ids);
    const summary = await effectSummary(h, group);
    expect(summary.seqsByAggregate.get(key)).toEqual(committed);
  });

  it("locks several keys of one call without deadlocking against a call in the opposite order", async () => {
    const keys = ["multi-a", "multi-b", "multi-c"];
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => {
        const ordered = i % 2 === 0 ? keys : [...keys].reverse();
        return h.db.$transaction((tx) => enqueueMany(tx, ordered.map((k) => ping(k, i))), { timeout: 30_000, maxWait: 30_000 });
      }),
    );
    const ids = results.flat().map((e) => e.id);
    await spy.waitForAll(ids);
    const summary = await effectSummary(h, group);
    for (const k of keys) expect(summary.seqsByAggregate.get(k)).toHaveLength(8);
  });
});
