import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConsumer, type EventConsumer } from "./consumer";
import { createEvent } from "./event";
import { DLQ_HEADERS, headerText, replayDlq } from "./dlq";
import { createEventsHarness, effectSummary, recordEffect, recordEffects, type EventsHarness } from "./harness";
import { eventHeaders, enqueue, enqueueMany } from "./outbox";
import { createPgOutboxStore } from "./outbox-store";
import { createProducer, type EventProducer } from "./producer";
import { createRelay, type OutboxRelay } from "./relay";
import { collectMessages, createHandlerSpy, ping, type HandlerSpy } from "./testing";
import { dlqTopicName } from "./topics";

let h: EventsHarness;
let producer: EventProducer;
let relay: OutboxRelay;
let consumer: EventConsumer;
let spy: HandlerSpy;
const group = "dlq";
const maxAttempts = 3;
// Aggregates whose events the handler refuses, until a test "deploys a fix" by removing them.
const poisoned = new Set<string>(["poison"]);
let attemptsSeen = 0;

beforeAll(async () => {
  h = await createEventsHarness("dlq");
  producer = createProducer({ kafka: h.kafka });
  await producer.connect();
  relay = createRelay({ store: createPgOutboxStore({ connectionString: h.database.url }), producer, naming: h.naming, logger: h.logger });
  relay.start();
  spy = createHandlerSpy();
  const effect = recordEffect(group);
  consumer = createConsumer({
    groupId: `${h.prefix}${group}`,
    subscriptions: {
      "test.ping.sent": async (event, ctx) => {
        if (poisoned.has(event.aggregate.id)) {
          attemptsSeen++;
          throw new Error(`refusing ${event.aggregate.id} (attempt ${ctx.attempt})`);
        }
        await effect(event, ctx);
      },
    },
    db: h.db,
    kafka: h.kafka,
    naming: h.naming,
    logger: h.logger,
    maxAttempts,
    backoff: { initialMs: 20, maxMs: 100 },
    observer: spy,
  });
  await consumer.start();
});

afterAll(async () => {
  await consumer?.stop();
  await relay?.stop();
  await producer?.disconnect();
  await h?.close();
});

describe("dead-letter queue", () => {
  it("moves a message whose handler keeps failing to the DLQ after the configured attempts, and moves on", async () => {
    const [poison, healthy] = await h.db.$transaction(async (tx) => [
      await enqueue(tx, ping("poison", 0)),
      await enqueue(tx, ping("healthy", 0)),
    ]);
    const dead = await spy.waitFor(poison.id, { outcome: "dead-lettered" });
    expect(dead.attempts).toBe(maxAttempts);
    expect(attemptsSeen).toBe(maxAttempts);
    await spy.waitFor(healthy.id, { outcome: "handled" });

    const [message] = await collectMessages(h.kafka, dlqTopicName(h.topic), {
      until: (ms) => ms.some((m) => headerText(m.headers, "x-event-id") === poison.id),
    }).then((ms) => ms.filter((m) => headerText(m.headers, "x-event-id") === poison.id));
    expect(message!.key?.toString()).toBe("poison");
    expect(JSON.parse(message!.value!.toString()).id).toBe(poison.id);
    expect(headerText(message!.headers, DLQ_HEADERS.error)).toBe(`Error: refusing poison (attempt ${maxAttempts})`);
    expect(headerText(message!.headers, DLQ_HEADERS.attempts)).toBe(String(maxAttempts));
    expect(headerText(message!.headers, DLQ_HEADERS.originalTopic)).toBe(h.topic);
    expect(headerText(message!.headers, DLQ_HEADERS.originalPartition)).toBe(String(dead.partition));
    expect(headerText(message!.headers, DLQ_HEADERS.originalOffset)).toBe(dead.offset);
    expect(headerText(message!.headers, DLQ_HEADERS.consumerGroup)).toBe(`${h.prefix}${group}`);
    expect(headerText(message!.headers, "traceparent")).toBe(poison.trace.traceparent);

    const rows = await h.ownerQuery("SELECT 1 FROM test_effects WHERE event_id = $1", [poison.id]);
    expect(rows).toHaveLength(0);
  });

  it("sends a schema-invalid or unparseable message to the DLQ at once, without calling the handler", async () => {
    const valid = createEvent(ping("schema", 0));
    const invalid = { ...valid, id: randomUUID(), payload: { seq: "zero" } };
    const unknown = { ...valid, id: randomUUID(), type: "test.ping.exploded" };
    await producer.publish([
      { topic: h.topic, key: "schema", value: JSON.stringify(invalid), headers: { "x-event-id": invalid.id } },
      { topic: h.topic, key: "schema", value: JSON.stringify(unknown), headers: { "x-event-id": unknown.id } },
      { topic: h.topic, key: "schema", value: "{not json", headers: {} },
      { topic: h.topic, key: "schema", value: JSON.stringify(valid), headers: eventHeaders(valid) },
    ]);
    await spy.waitFor(valid.id, { outcome: "handled" });
    const deadInvalid = await spy.waitFor(invalid.id, { outcome: "dead-lettered" });
    const deadUnknown = await spy.waitFor(unknown.id, { outcome: "dead-lettered" });
    expect(deadInvalid.attempts).toBe(0);
    expect(deadInvalid.error).toMatch(/^invalid-payload: .*seq/);
    expect(deadUnknown.error).toMatch(/^unknown-contract: /);
    expect(spy.records.some((r) => r.outcome === "dead-lettered" && r.error?.startsWith("malformed-json"))).toBe(true);

    const dlq = await collectMessages(h.kafka, dlqTopicName(h.topic), {
      until: (ms) => ms.some((m) => headerText(m.headers, "x-event-id") === invalid.id),
    });
    const m = dlq.find((x) => headerText(x.headers, "x-event-id") === invalid.id)!;
    expect(headerText(m.headers, DLQ_HEADERS.attempts)).toBe("0");
    expect(headerText(m.headers, DLQ_HEADERS.error)).toMatch(/^invalid-payload/);
  });

  it("retries the events of a failed batch call one by one, dead-lettering only the bad one", async () => {
    const batchSpy = createHandlerSpy();
    const effects = recordEffects("dlq-batch");
    const calls: number[] = [];
    const batchConsumer = createConsumer({
      groupId: `${h.prefix}dlq-batch`,
      subscriptions: {
        "test.ping.sent": {
          async batch(events, ctx) {
            calls.push(events.length);
            if (events.some((e) => e.aggregate.id === "batch-poison")) throw new Error("batch refused");
            await effects.batch(events, ctx);
          },
        },
      },
      db: h.db,
      kafka: h.kafka,
      naming: h.naming,
      logger: h.logger,
      maxAttempts,
      backoff: { initialMs: 20, maxMs: 100 },
      observer: batchSpy,
    });
    await batchConsumer.start();
    try {
      const events = await h.db.$transaction((tx) =>
        enqueueMany(tx, [ping("batch-ok", 0), ping("batch-poison", 0), ping("batch-ok", 1), ping("batch-ok", 2)]),
      );
      const [ok0, poison, ok1, ok2] = events;
      const dead = await batchSpy.waitFor(poison!.id, { outcome: "dead-lettered" });
      expect(dead.attempts).toBe(maxAttempts);
      expect(dead.error).toBe("Error: batch refused");
      await batchSpy.waitForAll([ok0!.id, ok1!.id, ok2!.id]);
      const summary = await effectSummary(h, "dlq-batch");
      expect(summary.seqsByAggregate.get("batch-ok")).toEqual([0, 1, 2]);
      expect(summary.seqsByAggregate.has("batch-poison")).toBe(false);
      // The poison event alone: maxAttempts single-event calls after the failed group call(s).
      expect(calls.filter((n) => n === 1).length).toBeGreaterThanOrEqual(maxAttempts);
    } finally {
      await batchConsumer.stop();
    }
  });

  it("replays chosen DLQ messages to the original topic once the handler is fixed", async () => {
    const event = await h.db.$transaction((tx) => enqueue(tx, ping("poison", 1)));
    await spy.waitFor(event.id, { outcome: "dead-lettered" });
    poisoned.clear();

    const result = await replayDlq({ topic: h.topic, ids: [event.id], kafka: h.kafka, producer });
    expect(result.replayed).toEqual([event.id]);
    expect(result.scanned).toBeGreaterThanOrEqual(2);
    await spy.waitFor(event.id, { outcome: "handled" });

    const summary = await effectSummary(h, group);
    expect(summary.seqsByAggregate.get("poison")).toEqual([1]);
    // Only the chosen id came back: the first poison event is still dead-lettered, not handled.
    expect(spy.records.filter((r) => r.event?.aggregate.id === "poison" && r.outcome === "handled")).toHaveLength(1);
  });
});
