// ConsumerOptions.decode: messages that are not our envelopes (as Debezium's on inventory.cdc) get the
// runner's inbox, retries and DLQ through a decoder that maps them onto a contract with a stable id.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nameUuid } from "./cdc/message-id";
import { createConsumer, type EventConsumer, type MessageDecoder } from "./consumer";
import { parseEvent } from "./contracts/parse";
import { InvalidEventError } from "./errors";
import { createEvent } from "./event";
import { createEventsHarness, effectSummary, recordEffect, type EventsHarness } from "./harness";
import { collectMessages, createHandlerSpy, waitUntil } from "./testing";

let h: EventsHarness;
let consumer: EventConsumer | undefined;

beforeAll(async () => {
  h = await createEventsHarness("decode");
});

afterAll(async () => {
  await consumer?.stop();
  await h?.close();
});

// A foreign format: "ping <aggregate> <seq>" as plain text. The id is derived from what the message
// names, so a redelivery of the same text is the same event.
const plainTextPings: MessageDecoder = (message) => {
  const m = /^ping ([a-z0-9-]+) (\d+)$/.exec(message.value?.toString("utf8") ?? "");
  if (!m) return { ok: false, error: new InvalidEventError("invalid-payload", "not a plain-text ping") };
  return parseEvent(
    createEvent({ type: "test.ping.sent", version: 1, tenantId: null, aggregateId: m[1]!, id: nameUuid(`${m[1]}/${m[2]}`), payload: { seq: Number(m[2]) } }),
  );
};

describe("consumer runner with a decode hook", () => {
  it("handles a decoded message once, drops its redelivery by id, and dead-letters what it cannot decode", async () => {
    const spy = createHandlerSpy();
    const groupId = `${h.prefix}decode`;
    consumer = createConsumer({
      groupId,
      db: h.db,
      kafka: h.kafka,
      naming: h.naming,
      logger: h.logger,
      decode: plainTextPings,
      subscriptions: { "test.ping.sent": recordEffect(groupId) },
      observer: spy,
    });
    await consumer.start();
    const producer = h.kafka.producer();
    await producer.connect();
    // One key: one partition, so the three arrive in this order.
    await producer.send({ topic: h.topic, messages: ["ping agg-1 1", "ping agg-1 1", "not a ping"].map((value) => ({ key: "agg-1", value })) });
    await producer.disconnect();

    const id = nameUuid("agg-1/1");
    await spy.waitFor(id, { outcome: "handled" });
    await spy.waitFor(id, { outcome: "duplicate" });
    await waitUntil(() => spy.count("dead-lettered") === 1, { description: "the undecodable message dead-lettered" });
    expect(await effectSummary(h, groupId)).toMatchObject({ rows: 1, distinctEvents: 1 });
    const [dlq] = await collectMessages(h.kafka, `${h.topic}.dlq`, { count: 1 });
    expect(dlq?.value?.toString()).toBe("not a ping");
  });
});
