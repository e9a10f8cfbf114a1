import { randomUUID } from "node:crypto";
import { baseEnv } from "@bazaar/config";
import { asPlatform, createDb, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { createEvent, createKafka, createProducer, deadLetterMessage, dlqSpecFor, enqueue, eventHeaders, eventTopics, provisionTopics, resolveTopicSpecs, type EventProducer, type Kafka } from "@bazaar/events";
import { collectMessages, deleteTopicsWithPrefix, uniqueTopicPrefix } from "@bazaar/events/testing";
import { TRPCError } from "@trpc/server";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "../root";
import type { Session } from "../session";
import { quietLogger } from "../testing/quiet-logger";
import { createTRPCContext } from "../trpc";
import { configureEventExplorer } from "./event-explorer.handlers";

const prefix = uniqueTopicPrefix("explorer");
const logger = quietLogger("explorer-test");
const operatorId = randomUUID();
const tenantId = randomUUID();
let database: TestDatabase;
let db: Db;
let redis: Redis;
let kafka: Kafka;
let producer: EventProducer;
const dead: string[] = [];

async function caller(platformRole: Session["platformRole"], userId = operatorId) {
  const ctx = await createTRPCContext({ headers: {}, db, redis, logger, rateLimiter: null });
  return createCaller({ ...ctx, session: { userId, platformRole } });
}

const planChanged = (correlationId: string) => ({
  type: "tenants.plan.changed" as const,
  version: 1 as const,
  tenantId,
  aggregateId: tenantId,
  correlationId,
  payload: { tenantId, fromPlan: "FREE" as const, toPlan: "PRO" as const, actorId: operatorId },
});

beforeAll(async () => {
  database = await createTestDatabase(testDatabaseName("api_event_explorer"));
  db = createDb({ url: database.url, poolSize: 2 });
  redis = new Redis(baseEnv().REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  kafka = createKafka({ logger });
  const tenants = eventTopics.find((t) => t.name === "tenants.events")!;
  const admin = kafka.admin();
  await admin.connect();
  await provisionTopics(admin, resolveTopicSpecs([tenants, dlqSpecFor(tenants)], { prefix }));
  await admin.disconnect();
  configureEventExplorer({ kafka, naming: { prefix } });
  producer = createProducer({ kafka });
  await producer.connect();
  for (const n of [0, 1]) {
    const event = createEvent(planChanged(`dead-${n}`));
    dead.push(event.id);
    const message = { key: Buffer.from(tenantId), value: Buffer.from(JSON.stringify(event)), headers: eventHeaders(event), offset: String(n), timestamp: "0", attributes: 0 };
    await producer.publish([deadLetterMessage({ topic: `${prefix}tenants.events`, partition: 0, message, groupId: `${prefix}billing`, error: `boom ${n}`, attempts: 4 })]);
  }
});

afterAll(async () => {
  await producer?.disconnect();
  redis?.disconnect();
  await db?.$disconnect();
  await database?.drop();
  if (kafka) await deleteTopicsWithPrefix(kafka, prefix);
});

describe("event explorer", () => {
  it("finds recent outbox events by type, aggregate and correlation id, newest first, in pages", async () => {
    const correlationId = randomUUID();
    for (let i = 0; i < 3; i++) await asPlatform(db, (tx) => enqueue(tx, planChanged(correlationId)));
    await asPlatform(db, (tx) => enqueue(tx, planChanged(randomUUID())));
    const support = await caller("SUPPORT");
    const page1 = await support.eventExplorer.recentEvents({ correlationId, limit: 2 });
    expect(page1.events.map((e) => [e.type, e.aggregateId, e.correlationId])).toEqual([
      ["tenants.plan.changed", tenantId, correlationId],
      ["tenants.plan.changed", tenantId, correlationId],
    ]);
    const page2 = await support.eventExplorer.recentEvents({ correlationId, limit: 2, cursor: page1.nextCursor! });
    expect([page2.events.length, page2.nextCursor]).toEqual([1, null]);
    expect(Number(page1.events[0]!.position)).toBeGreaterThan(Number(page1.events[1]!.position));
    expect((await support.eventExplorer.recentEvents({ type: "tenants.plan.changed", aggregateId: tenantId })).events).toHaveLength(4);
    expect((await support.eventExplorer.recentEvents({ type: "identity.user.registered" })).events).toEqual([]);
  });

  it("lists topics with partitions, messages and consumer-group lag", async () => {
    const topics = await (await caller("SUPPORT")).eventExplorer.topics();
    expect(topics.map((t) => t.topic).sort()).toEqual(["tenants.events", "tenants.events.dlq"]);
    expect(topics.find((t) => t.topic === "tenants.events.dlq")).toMatchObject({ partitions: 1, messages: "2" });
  });

  it("shows dead letters with error and attempts, replays a selection once, and marks it replayed", async () => {
    const operator = await caller("OPERATOR");
    const before = await operator.eventExplorer.deadLetters({ topic: "tenants.events" });
    expect(before.map((e) => [e.eventId, e.error, e.attempts, e.replayedAt])).toEqual(
      expect.arrayContaining([
        [dead[0], "boom 0", 4, null],
        [dead[1], "boom 1", 4, null],
      ]),
    );
    const support = await caller("SUPPORT");
    const refused = await support.eventExplorer.replay({ topic: "tenants.events", eventIds: [dead[0]!] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).code).toBe("FORBIDDEN");

    expect(await operator.eventExplorer.replay({ topic: "tenants.events", eventIds: [dead[0]!] })).toEqual({ replayed: [dead[0]], notFound: [] });
    const [back] = await collectMessages(kafka, `${prefix}tenants.events`, { count: 1 });
    expect(JSON.parse(back!.value!.toString()).id).toBe(dead[0]);
    const after = await operator.eventExplorer.deadLetters({ topic: "tenants.events" });
    expect(after.find((e) => e.eventId === dead[0])).toMatchObject({ replayedBy: operatorId, replayedAt: expect.any(Date) });
    expect(after.find((e) => e.eventId === dead[1])).toMatchObject({ replayedAt: null });
    const announced = await asPlatform(db, (tx) => tx.outboxEvent.findFirstOrThrow({ where: { type: "audit.dead-letters.replayed" } }));
    expect(announced).toMatchObject({ tenantId: null, envelope: { payload: { eventIds: [dead[0]], actorId: operatorId, topic: `${prefix}tenants.events` } } });

    const unknown = await operator.eventExplorer.replay({ topic: "tenants.events", eventIds: [randomUUID()] }).catch((e: unknown) => e);
    expect((unknown as TRPCError).code).toBe("NOT_FOUND");
    const bad = await operator.eventExplorer.replay({ topic: "orders.nope" as never, eventIds: [dead[1]!] }).catch((e: unknown) => e);
    expect((bad as TRPCError).code).toBe("BAD_REQUEST");
  });
});
