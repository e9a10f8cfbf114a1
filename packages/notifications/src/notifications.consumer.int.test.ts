import { randomBytes, randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { asPlatform, createDb, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { envelopeSchema } from "@bazaar/events";
import { createLogger } from "@bazaar/observability";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notificationsEnv } from "./env";
import { TemplateDataError } from "./errors";
import { notificationRequestedV1, type NotificationRequestedEvent, type NotificationRequestedPayload } from "./notification-requested.event";
import { createNotificationService, type NotificationService } from "./notification.service";
import { handleNotificationRequested } from "./notifications.consumer";
import { mailpit } from "./testing";
import { createTemplateRenderer } from "./templates/template-renderer";
import { createSmtpTransport, type EmailTransport } from "./transports/email.transport";
import { createFileSmsProvider } from "./transports/sms.provider";

// The consumer's handler against the real database and SMTP server, fed envelopes that pass the same
// envelope and payload schemas the runner applies. Delivery through Kafka itself is covered once the
// contract is in the events registry (see the package README).

const env = notificationsEnv();
const mailbox = mailpit();
const quiet = createLogger("notifications-test", { stream: new Writable({ write: (_c, _e, done) => done() }) });
let database: TestDatabase;
let db: Db;
let email: EmailTransport;
let service: NotificationService;

function requested(payload: NotificationRequestedPayload, tenantId: string | null = null): NotificationRequestedEvent {
  const id = randomUUID();
  const envelope = envelopeSchema.parse({
    id,
    type: notificationRequestedV1.type,
    version: notificationRequestedV1.version,
    occurredAt: new Date().toISOString(),
    tenantId,
    aggregate: { type: notificationRequestedV1.aggregateType, id: payload.idempotencyKey ?? id },
    correlationId: id,
    causationId: null,
    trace: { traceparent: `00-${randomBytes(16).toString("hex")}-${randomBytes(8).toString("hex")}-01` },
    payload,
  });
  return { ...envelope, type: notificationRequestedV1.type, version: 1, payload: notificationRequestedV1.payload.parse(payload) };
}

beforeAll(async () => {
  database = await createTestDatabase(testDatabaseName("notifications_consumer"));
  db = createDb({ url: database.url, poolSize: 4, applicationName: "notifications-consumer-test" });
  email = createSmtpTransport({ url: env.SMTP_URL, from: env.MAIL_FROM, timeoutMs: 5_000 });
  service = createNotificationService({
    db,
    logger: quiet,
    renderer: createTemplateRenderer(),
    email,
    sms: createFileSmsProvider(env.SMS_LOG_PATH),
  });
});

afterAll(async () => {
  await email?.close();
  await db?.$disconnect();
  await database?.drop();
});

describe("notifications.notification.requested handler", () => {
  it("sends the requested email for the event's tenant, keyed by the event id", async () => {
    const to = `seller-${randomUUID()}@example.test`;
    const tenantId = randomUUID();
    const event = requested(
      {
        channel: "EMAIL",
        template: "low-stock",
        to,
        data: { productName: "Linen shirt", sku: "SHIRT-L", locationName: "Main", quantity: 2, threshold: 5, inventoryUrl: "https://admin.bazaar.test/i" },
      },
      tenantId,
    );
    const result = await handleNotificationRequested(service)(event);
    expect(result).toMatchObject({ status: "SENT", deduplicated: false });
    const [message] = await mailbox.waitForMessages(to);
    expect(message!.Subject).toBe("Low stock: Linen shirt (SHIRT-L) at Main");
    const row = await asPlatform(db, (tx) => tx.notificationDelivery.findUniqueOrThrow({ where: { id: result.deliveryId } }));
    expect(row).toMatchObject({ tenantId, idempotencyKey: event.id, template: "low-stock", status: "SENT" });
  });

  it("sends nothing again when the same event is delivered twice", async () => {
    const to = `twice-${randomUUID()}@example.test`;
    const event = requested({ channel: "EMAIL", template: "two-factor-code", to, data: { code: "556677", expiresInMinutes: 5 }, locale: "fr" });
    const handle = handleNotificationRequested(service);
    const first = await handle(event);
    const again = await handle(event);
    expect(again).toEqual({ ...first, deduplicated: true });
    const messages = await mailbox.messagesTo(to);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.Subject).toBe("Votre code de connexion Bazaar : 556677");
  });

  it("uses the payload's idempotency key when the producer gives one", async () => {
    const key = `onboarding-${randomUUID()}`;
    const to = `welcome-${randomUUID()}@example.test`;
    const payload = {
      channel: "EMAIL" as const,
      template: "welcome",
      to,
      data: { name: "Ada", storeName: "Attic", plan: "PRO", dashboardUrl: "https://admin.bazaar.test" },
      idempotencyKey: key,
    };
    const handle = handleNotificationRequested(service);
    // Two distinct events (e.g. the saga step re-emitted) for one notification: one email.
    await handle(requested(payload));
    expect(await handle(requested(payload))).toMatchObject({ deduplicated: true });
    expect(await mailbox.messagesTo(to)).toHaveLength(1);
  });

  it("throws a non-retryable typed error for data the template cannot use, writing nothing", async () => {
    const event = requested({ channel: "EMAIL", template: "email-verification", to: `x-${randomUUID()}@example.test`, data: { name: "Ada" } });
    await expect(handleNotificationRequested(service)(event)).rejects.toSatisfy(
      (e) => e instanceof TemplateDataError && !e.retryable,
    );
    expect(await asPlatform(db, (tx) => tx.notificationDelivery.count({ where: { idempotencyKey: event.id } }))).toBe(0);
  });
});
