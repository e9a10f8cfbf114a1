import type { KafkaMessage } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deadLetterMessage } from "./dlq";
import { runDlqCli } from "./dlq-cli";
import { createEvent } from "./event";
import { createEventsHarness, type EventsHarness } from "./harness";
import { eventHeaders } from "./outbox";
import { createProducer, type EventProducer } from "./producer";
import { collectMessages, ping } from "./testing";

let h: EventsHarness;
let producer: EventProducer;
const ids: string[] = [];

beforeAll(async () => {
  h = await createEventsHarness("dlq-cli");
  producer = createProducer({ kafka: h.kafka });
  await producer.connect();
  // Two dead letters as the consumer runner writes them.
  for (const seq of [0, 1]) {
    const event = createEvent(ping("dead", seq));
    ids.push(event.id);
    const message = { key: Buffer.from("dead"), value: Buffer.from(JSON.stringify(event)), headers: eventHeaders(event), offset: String(seq) } as unknown as KafkaMessage;
    await producer.publish([deadLetterMessage({ topic: h.topic, partition: 0, message, groupId: "billing", error: `handler failed: boom ${seq}`, attempts: 5 })]);
  }
});

afterAll(async () => {
  await producer?.disconnect();
  await h?.close();
});

async function cli(...argv: string[]) {
  const lines: string[] = [];
  const code = await runDlqCli(argv, { db: h.db, kafka: h.kafka, producer, naming: h.naming, out: (l) => lines.push(l), actor: "cli:test" });
  return { code, text: lines.join("\n") };
}

describe("dlq CLI", () => {
  it("lists dead letters with error, attempts and group, none replayed yet", async () => {
    const { code, text } = await cli("list", "test.events");
    expect(code).toBe(0);
    expect(text).toContain(`2 dead letter(s) in ${h.topic}.dlq`);
    for (const [i, id] of ids.entries()) expect(text).toMatch(new RegExp(`${id}  test\\.ping\\.sent  attempts=5  group=billing .*not replayed  error=handler failed: boom ${i}`));
  });

  it("replays one by id, marks it replayed, and leaves the other", async () => {
    const { code, text } = await cli("replay", "test.events", "--id", ids[1]!);
    expect([code, text.split("\n")[0]]).toEqual([0, `replayed 1 of 2 dead letter(s) from ${h.topic}.dlq to ${h.topic}`]);
    const [back] = await collectMessages(h.kafka, h.topic, { count: 1 });
    expect(JSON.parse(back!.value!.toString()).id).toBe(ids[1]);
    expect(back!.headers?.["x-replayed-from"]?.toString()).toMatch(new RegExp(`^${h.topic.replace(/\./g, "\\.")}\\.dlq:0:\\d+$`));
    const listed = (await cli("list", "test.events")).text.split("\n");
    expect(listed.find((l) => l.includes(ids[1]!))).toMatch(/replayed=\S+ by cli:test/);
    expect(listed.find((l) => l.includes(ids[0]!))).toContain("not replayed");
    expect(await h.db.dlqReplay.count()).toBe(1);
    const announced = await h.db.outboxEvent.findMany({ where: { type: "audit.dead-letters.replayed" } });
    expect(announced.map((r) => (r.envelope as { payload: unknown }).payload)).toEqual([
      { topic: h.topic, dlqTopic: `${h.topic}.dlq`, eventIds: [ids[1]], actorId: "cli:test" },
    ]);
  });

  it("refuses a command without a selection, an unknown id, and a bad id with usage", async () => {
    expect(await cli("replay", "test.events")).toMatchObject({ code: 2, text: expect.stringContaining("pass --id <event id> (repeatable) or --all") });
    expect((await cli("replay", "test.events", "--id", "not-a-uuid")).code).toBe(2);
    const missing = await cli("replay", "test.events", "--id", "00000000-0000-4000-8000-000000000000");
    expect(missing).toMatchObject({ code: 1, text: expect.stringContaining("not found in the DLQ: 00000000-0000-4000-8000-000000000000") });
    expect((await cli("purge", "test.events")).code).toBe(2);
  });
});
