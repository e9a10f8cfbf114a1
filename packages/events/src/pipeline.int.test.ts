import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConsumer, type EventConsumer } from "./consumer";
import { createEventsHarness, effectSummary, recordEffect, recordEffects, type EventsHarness } from "./harness";
import { eventHeaders, enqueue, enqueueMany } from "./outbox";
import { createPgOutboxStore } from "./outbox-store";
import { createProducer, type EventProducer } from "./producer";
import { createRelay, type OutboxRelay } from "./relay";
import { createHandlerSpy, ping, waitUntil, type HandlerSpy } from "./testing";

let h: EventsHarness;
let producer: EventProducer;
let relay: OutboxRelay;
let consumer: EventConsumer;
let batchConsumer: EventConsumer;
let spy: HandlerSpy;
let batchSpy: HandlerSpy;
const group = "pipeline";
const batchGroup = "pipeline-batch";

beforeAll(async () => {
  h = await createEventsHarness("pipeline");
  producer = createProducer({ kafka: h.kafka });
  await producer.connect();
  relay = createRelay({
    store: createPgOutboxStore({ connectionString: h.database.url }),
    producer,
    naming: h.naming,
    logger: h.logger,
    batchSize: 100,
  });
  relay.start();
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
  batchSpy = createHandlerSpy();
  // A second group over the same events with a batch subscription: one INSERT per run of events.
  batchConsumer = createConsumer({
    groupId: `${h.prefix}${batchGroup}`,
    subscriptions: { "test.ping.sent": recordEffects(batchGroup) },
    db: h.db,
    kafka: h.kafka,
    naming: h.naming,
    logger: h.logger,
    observer: batchSpy,
  });
  await Promise.all([consumer.start(), batchConsumer.start()]);
});

afterAll(async () => {
  await consumer?.stop();
  await batchConsumer?.stop();
  await relay?.stop();
  await producer?.disconnect();
  await h?.close();
});

describe("outbox -> relay -> Kafka -> consumer", () => {
  it("delivers every event exactly once in effect, in order per aggregate", async () => {
    const aggregates = Array.from({ length: 12 }, (_, i) => `agg-${i}`);
    const perAggregate = 40;
    const ids: string[] = [];
    // Interleave aggregates across many small transactions, as concurrent requests would.
    for (let seq = 0; seq < perAggregate; seq += 4) {
      await Promise.all(
        aggregates.map((a) =>
          h.db.$transaction(async (tx) => {
            const events = await enqueueMany(tx, [0, 1, 2, 3].map((k) => ping(a, seq + k)));
            ids.push(...events.map((e) => e.id));
          }),
        ),
      );
    }
    await spy.waitForAll(ids, { timeoutMs: 60_000 });
    await batchSpy.waitForAll(ids, { timeoutMs: 60_000 });

    for (const g of [group, batchGroup]) {
      const summary = await effectSummary(h, g);
      expect(summary.rows).toBe(aggregates.length * perAggregate);
      expect(summary.distinctEvents).toBe(summary.rows);
      for (const a of aggregates) {
        expect(summary.seqsByAggregate.get(a), `${g} ${a}`).toEqual(Array.from({ length: perAggregate }, (_, i) => i));
      }
    }
    const [outbox] = await h.ownerQuery<{ unpublished: string }>(
      "SELECT count(*) FILTER (WHERE published_at IS NULL) AS unpublished FROM outbox_events",
    );
    expect(outbox!.unpublished).toBe("0");
  });

  it("turns a duplicate delivery of one envelope into one effect", async () => {
    const event = await h.db.$transaction((tx) => enqueue(tx, ping("dup", 0)));
    await spy.waitFor(event.id, { outcome: "handled" });
    // The same envelope again, straight onto the topic, twice: what a relay crash between send and mark
    // produces.
    const again = { topic: h.topic, key: event.aggregate.id, value: JSON.stringify(event), headers: eventHeaders(event) };
    await producer.publish([again, again]);
    await waitUntil(() => spy.recordsFor(event.id).filter((r) => r.outcome === "duplicate").length === 2, {
      description: "two duplicate records",
    });
    await waitUntil(() => batchSpy.recordsFor(event.id).length === 3, { description: "batch group to see all three copies" });
    const rows = await h.ownerQuery<{ consumer: string; n: string }>(
      "SELECT consumer, count(*) AS n FROM test_effects WHERE event_id = $1 GROUP BY consumer ORDER BY consumer",
      [event.id],
    );
    expect(rows).toEqual([
      { consumer: group, n: "1" },
      { consumer: batchGroup, n: "1" },
    ]);
    expect(spy.recordsFor(event.id).map((r) => r.outcome)).toEqual(["handled", "duplicate", "duplicate"]);
  });

  it("rejects an event that breaks its contract before anything is written", async () => {
    const before = await h.ownerQuery<{ n: string }>("SELECT count(*) AS n FROM outbox_events");
    await expect(
      h.db.$transaction(async (tx) => {
        await enqueue(tx, ping("ok", 0));
        // @ts-expect-error seq must be an integer
        await enqueue(tx, ping("bad", 0, { payload: { seq: "zero" } }));
      }),
    ).rejects.toMatchObject({ name: "InvalidEventError", reason: "invalid-payload" });
    const after = await h.ownerQuery<{ n: string }>("SELECT count(*) AS n FROM outbox_events");
    expect(after[0]!.n).toBe(before[0]!.n);
  });
});
