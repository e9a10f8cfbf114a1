import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConsumer, type EventConsumer } from "./consumer";
import { createEventsHarness, effectSummary, recordEffect, type EventsHarness } from "./harness";
import { enqueue, enqueueMany } from "./outbox";
import { createPgOutboxStore } from "./outbox-store";
import { createProducer, type EventProducer } from "./producer";
import { createRelay, type OutboxRelay } from "./relay";
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
  consumer = createConsumer({
    groupId: `${h.prefix}${group}`,
    subscriptions: { "test.ping.sent": recordEffect(group) },
    db: h.db,
    kafka: h.kafka,
    naming: h.naming,
    logger: h.logger,
    observer: spy,
  });
  await consumer.start();
  relay = createRelay({ store: createPgOutboxStore({ connectionString: h.database.url }), producer, naming: h.naming, logger: h.logger });
  relay.start();
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
    const committed: number[] = [];
    const ids: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let firstEnqueued!: () => void;
    const enqueuedFirst = new Promise<void>((resolve) => (firstEnqueued = resolve));

    // The first writer takes the lowest position, then holds its transaction open while every other
    // writer on the same key enqueues and tries to commit. Without a per-key lock they commit first and
    // the relay publishes their later positions first.
    const first = h.db
      .$transaction(
        async (tx) => {
          ids.push((await enqueue(tx, ping(key, 0))).id);
          firstEnqueued();
          await gate;
        },
        { timeout: 30_000 },
      )
      .then(() => committed.push(0));
    await enqueuedFirst;

    const others = Array.from({ length: writers - 1 }, (_, i) =>
      h.db
        .$transaction(async (tx) => ids.push((await enqueue(tx, ping(key, i + 1))).id), { timeout: 30_000, maxWait: 30_000 })
        .then(() => committed.push(i + 1)),
    );
    // Every other writer has either committed already or is blocked behind the first one.
    await waitUntil(async () => committed.length + (await advisoryWaiters()) === writers - 1, {
      description: "other writers to commit or block",
    });
    release();
    await Promise.all([first, ...others]);

    await spy.waitForAll(ids);
    const summary = await effectSummary(h, group);
    expect(summary.seqsByAggregate.get(key)).toEqual(committed);
    expect(committed[0]).toBe(0);
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
