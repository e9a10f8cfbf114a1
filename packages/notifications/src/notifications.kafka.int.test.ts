import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { asPlatform, createDb, withTenant, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import {
  createKafka,
  createPgOutboxStore,
  createProducer,
  createRelay,
  dlqSpecFor,
  enqueue,
  eventTopics,
  provisionTopics,
  resolveTopicSpecs,
  type EventConsumer,
  type EventProducer,
  type OutboxRelay,
} from "@bazaar/events";
import { createHandlerSpy, deleteTopicsWithPrefix, uniqueTopicPrefix, type HandlerSpy } from "@bazaar/events/testing";
import { createLogger } from "@bazaar/observability";
import type { Kafka } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notificationsEnv } from "./env";
import { createNotificationService } from "./notification.service";
import { createNotificationsConsumer } from "./notifications.consumer";
import { mailpit } from "./testing";
import { createTemplateRenderer } from "./templates/template-renderer";
import { createSmtpTransport, type EmailTransport } from "./transports/email.transport";
import { createFileSmsProvider } from "./transports/sms.provider";

// The whole path: a request event written to the outbox in a business transaction, published by the
// relay to Kafka (run-unique topics), consumed by the notifications group, sent through the real SMTP
// server and read back from its HTTP API. Failing requests are retried by the runner, then dead-lettered.

const env = notificationsEnv();
const mailbox = mailpit();
const quiet = createLogger("notifications-kafka-test", { stream: new Writable({ write: (_c, _e, done) => done() }) });
const maxAttempts = 2;
let database: TestDatabase;
let db: Db;
let kafka: Kafka;
let prefix: string;
let producer: EventProducer;
let relay: OutboxRelay;
let consumer: EventConsumer;
let email: EmailTransport;
let spy: HandlerSpy;

beforeAll(async () => {
  prefix = uniqueTopicPrefix("notif");
  kafka = createKafka({ clientId: "it-notifications", logger: quiet });
  const topic = eventTopics.find((t) => t.name === "notifications.events")!;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await provisionTopics(admin, resolveTopicSpecs([topic, dlqSpecFor(topic)], { prefix }));
  } finally {
    await admin.disconnect();
  }
  database = await createTestDatabase(testDatabaseName("notifications_kafka"));
  db = createDb({ url: database.url, poolSize: 6, applicationName: "it-notifications-kafka" });
  producer = createProducer({ kafka });
  await producer.connect();
  relay = createRelay({ store: createPgOutboxStore({ connectionString: database.url }), producer, naming: { prefix }, logger: quiet });
  relay.start();
  email = createSmtpTransport({ url: env.SMTP_URL, from: env.MAIL_FROM, timeoutMs: 5_000 });
  const service = createNotificationService({
    db,
    logger: quiet,
    renderer: createTemplateRenderer(),
    email,
    sms: createFileSmsProvider(env.SMS_LOG_PATH),
  });
  spy = createHandlerSpy();
  consumer = createNotificationsConsumer({
    db,
    service,
    kafka,
    naming: { prefix },
    logger: quiet,
    observer: spy,
    maxAttempts,
    backoff: { initialMs: 20, maxMs: 100 },
  });
  await consumer.start();
});

afterAll(async () => {
  await consumer?.stop();
  await relay?.stop();
  await producer?.disconnect();
  await email?.close();
  await db?.$disconnect();
  await database?.drop();
  if (kafka) await deleteTopicsWithPrefix(kafka, prefix);
});

describe("notifications consumer", () => {
  it("sends the email for a request event published through the outbox", async () => {
    const to = `outbox-${randomUUID()}@example.test`;
    const tenantId = randomUUID();
    const key = `onboarding-welcome-${tenantId}`;
    // The producing side: the event is written in the same transaction as the change it follows.
    const event = await withTenant(db, tenantId, (tx) =>
      enqueue(tx, {
        type: "notifications.notification.requested",
        version: 1,
        tenantId,
        aggregateId: key,
        payload: {
          channel: "EMAIL",
          template: "welcome",
          to,
          data: { name: "Ada", storeName: "Ada's Attic", plan: "PRO", dashboardUrl: "https://admin.bazaar.test/dashboard" },
          idempotencyKey: key,
        },
      }),
    );

    const [message] = await mailbox.waitForMessages(to, 1, { timeoutMs: 30_000 });
    expect(message!.Subject).toBe("Welcome to Bazaar, Ada's Attic is ready");
    expect(message!.Text).toContain("https://admin.bazaar.test/dashboard");
    await spy.waitFor(event.id, { outcome: "handled" });
    const row = await asPlatform(db, (tx) => tx.notificationDelivery.findUniqueOrThrow({ where: { idempotencyKey: key } }));
    expect(row).toMatchObject({ tenantId, status: "SENT", attempts: 1, recipient: to });
  });

  it("retries a request whose data the template cannot use, then dead-letters it without sending", async () => {
    const to = `dlq-${randomUUID()}@example.test`;
    const event = await asPlatform(db, (tx) =>
      enqueue(tx, {
        type: "notifications.notification.requested",
        version: 1,
        tenantId: null,
        aggregateId: randomUUID(),
        payload: { channel: "SMS", template: "two-factor-code", to: "+15550001111", data: { expiresInMinutes: 5 } },
      }),
    );
    const dead = await spy.waitFor(event.id, { outcome: "dead-lettered", timeoutMs: 30_000 });
    expect(dead.attempts).toBe(maxAttempts);
    expect(dead.error).toMatch(/^TemplateDataError: .*missing variable\(s\) code/);
    expect(await asPlatform(db, (tx) => tx.notificationDelivery.count({ where: { idempotencyKey: event.id } }))).toBe(0);
    expect(await mailbox.messagesTo(to)).toEqual([]);
  });
});
