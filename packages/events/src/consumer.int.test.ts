import { randomUUID } from "node:crypto";
import { startTelemetry, type Telemetry } from "@bazaar/observability";
import { trace } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConsumer, type EventConsumer } from "./consumer";
import { causedBy, createEvent } from "./event";
import { createEventsHarness, recordEffect, type EventsHarness } from "./harness";
import { eventHeaders, enqueue, enqueueMany } from "./outbox";
import { createPgOutboxStore } from "./outbox-store";
import { createProducer, type EventProducer } from "./producer";
import { createRelay, type OutboxRelay } from "./relay";
import { createHandlerSpy, ping, waitUntil } from "./testing";

let h: EventsHarness;
let producer: EventProducer;
let relay: OutboxRelay;
const running: EventConsumer[] = [];

let telemetry: Telemetry;

beforeAll(async () => {
  // Spans (and an active context to read them from) need the SDK, as every worker process starts it.
  telemetry = startTelemetry({ serviceName: "events-consumer-test" });
  h = await createEventsHarness("consumer");
  producer = createProducer({ kafka: h.kafka });
  await producer.connect();
  relay = createRelay({ store: createPgOutboxStore({ connectionString: h.database.url }), producer, naming: h.naming, logger: h.logger });
  relay.start();
});

afterAll(async () => {
  for (const c of running) await c.stop();
  await relay?.stop();
  await producer?.disconnect();
  await h?.close();
  await telemetry?.shutdown();
});

async function committedEqualsEnd(groupId: string): Promise<boolean> {
  const admin = h.kafka.admin();
  await admin.connect();
  try {
    const [committed] = await admin.fetchOffsets({ groupId, topics: [h.topic] });
    const ends = await admin.fetchTopicOffsets(h.topic);
    return ends.every((e) => committed!.partitions.find((p) => p.partition === e.partition)?.offset === e.high);
  } finally {
    await admin.disconnect();
  }
}

describe("consumer runner", () => {
  it("finishes the event in flight on stop, commits its offset, and a restarted member does not reprocess", async () => {
    const groupId = `${h.prefix}shutdown`;
    let enterSlow!: () => void;
    const slowEntered = new Promise<void>((r) => (enterSlow = r));
    let releaseSlow!: () => void;
    const slowGate = new Promise<void>((r) => (releaseSlow = r));
    const effect = recordEffect("shutdown");
    const first = createHandlerSpy();
    const a = createConsumer({
      groupId,
      db: h.db,
      kafka: h.kafka,
      naming: h.naming,
      logger: h.logger,
      observer: first,
      subscriptions: {
        "test.ping.sent": async (event, ctx) => {
          if (event.aggregate.id === "slow") {
            enterSlow();
            await slowGate;
          }
          await effect(event, ctx);
        },
      },
    });
    await a.start();

    const early = await h.db.$transaction((tx) => enqueueMany(tx, Array.from({ length: 30 }, (_, i) => ping(`s-${i % 3}`, Math.floor(i / 3)))));
    await first.waitForAll(early.map((e) => e.id));
    const slow = await h.db.$transaction((tx) => enqueue(tx, ping("slow", 0)));
    await slowEntered;
    const stopped = a.stop();
    releaseSlow();
    await stopped;

    expect((await first.waitFor(slow.id)).outcome).toBe("handled");
    expect(await committedEqualsEnd(groupId)).toBe(true);

    const second = createHandlerSpy();
    const b = createConsumer({
      groupId,
      db: h.db,
      kafka: h.kafka,
      naming: h.naming,
      logger: h.logger,
      observer: second,
      subscriptions: { "test.ping.sent": effect },
    });
    running.push(b);
    await b.start();
    const late = await h.db.$transaction((tx) => enqueue(tx, ping("late", 0)));
    await second.waitFor(late.id, { outcome: "handled" });
    expect(second.records.map((r) => r.eventId)).toEqual([late.id]);
    const rows = await h.ownerQuery<{ n: string }>("SELECT count(*) AS n FROM test_effects WHERE consumer = 'shutdown'");
    expect(rows[0]!.n).toBe(String(early.length + 2));
  });

  it("runs each handler in a span that continues the event's trace, and follow-up events keep the flow", async () => {
    const spy = createHandlerSpy();
    const seen = new Map<string, { traceId: string | undefined; followUp?: string }>();
    const c = createConsumer({
      groupId: `${h.prefix}trace`,
      db: h.db,
      kafka: h.kafka,
      naming: h.naming,
      logger: h.logger,
      observer: spy,
      subscriptions: {
        "test.ping.sent": async (event, { tx }) => {
          const entry: { traceId: string | undefined; followUp?: string } = { traceId: trace.getActiveSpan()?.spanContext().traceId };
          if (event.payload.seq === 0) {
            const next = await enqueue(tx, ping(event.aggregate.id, 1, causedBy(event)));
            entry.followUp = next.id;
          }
          seen.set(event.id, entry);
        },
      },
    });
    running.push(c);
    await c.start();
    const root = await h.db.$transaction((tx) => enqueue(tx, ping("traced", 0)));
    await spy.waitFor(root.id, { outcome: "handled" });
    const followUpId = await waitUntil(() => seen.get(root.id)?.followUp);
    const followUp = await spy.waitFor(followUpId, { outcome: "handled" });

    const rootTraceId = root.trace.traceparent.split("-")[1];
    expect(seen.get(root.id)!.traceId).toBe(rootTraceId);
    expect(followUp.event!.trace.traceparent.split("-")[1]).toBe(rootTraceId);
    expect(seen.get(followUpId)!.traceId).toBe(rootTraceId);
    expect(followUp.event).toMatchObject({ correlationId: root.correlationId, causationId: root.id });
  });

  it("skips a valid event of a type the group does not subscribe to, without an inbox row", async () => {
    const spy = createHandlerSpy();
    const groupId = `${h.prefix}other`;
    const c = createConsumer({
      groupId,
      db: h.db,
      kafka: h.kafka,
      naming: h.naming,
      logger: h.logger,
      observer: spy,
      subscriptions: { "test.ping.sent": async () => undefined },
    });
    running.push(c);
    await c.start();
    const tenantId = randomUUID();
    const other = createEvent({
      type: "tenants.tenant.created",
      version: 1,
      tenantId,
      aggregateId: tenantId,
      payload: { tenantId, slug: "acme", name: "Acme", type: "SELLER_BUSINESS", plan: "PRO", ownerUserId: randomUUID() },
    });
    await producer.publish([{ topic: h.topic, key: tenantId, value: JSON.stringify(other), headers: eventHeaders(other) }]);
    const e = await h.db.$transaction((tx) => enqueue(tx, ping("after-other", 0)));
    expect((await spy.waitFor(other.id)).outcome).toBe("skipped");
    await spy.waitFor(e.id, { outcome: "handled" });
    const inbox = await h.ownerQuery<{ event_id: string }>("SELECT event_id FROM inbox_events WHERE consumer_group = $1", [groupId]);
    expect(inbox.map((r) => r.event_id)).not.toContain(other.id);
    expect(inbox.map((r) => r.event_id)).toContain(e.id);
  });
});
