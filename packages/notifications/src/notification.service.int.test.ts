import { randomInt, randomUUID } from "node:crypto";
import { asPlatform, createDb, withTenant, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { Writable } from "node:stream";
import { createLogger } from "@bazaar/observability";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notificationsEnv } from "./env";
import { DeliveryFailedError, IdempotencyConflictError, InvalidRecipientError, TemplateDataError } from "./errors";
import { createNotificationService, type NotificationService } from "./notification.service";
import { mailpit, smsTo } from "./testing";
import { createTemplateRenderer } from "./templates/template-renderer";
import { createSmtpTransport, type EmailTransport } from "./transports/email.transport";
import { createFileSmsProvider } from "./transports/sms.provider";

// Real PostgreSQL (own database), real SMTP server (Mailpit from infra/mail/mail.sh) read back through its
// HTTP API, and the development SMS outbox file. Recipients are unique per test, so runs never collide.

const env = notificationsEnv();
const mailbox = mailpit();
const renderer = createTemplateRenderer();
const logger = createLogger("notifications-test", { stream: new Writable({ write: (_c, _e, done) => done() }) });
let database: TestDatabase;
let db: Db;
let email: EmailTransport;
let service: NotificationService;

const address = () => `notif-${randomUUID()}@example.test`;
const phone = () => `+1555${String(randomInt(0, 10_000_000)).padStart(7, "0")}`;
const deliveryByKey = (idempotencyKey: string) =>
  asPlatform(db, (tx) => tx.notificationDelivery.findUnique({ where: { idempotencyKey } }));
const verification = (code: string) => ({
  name: "Ada Lovelace",
  verificationUrl: `https://bazaar.test/verify?token=${code}`,
  code,
  expiresInMinutes: 30,
});

beforeAll(async () => {
  database = await createTestDatabase(testDatabaseName("notifications"));
  db = createDb({ url: database.url, poolSize: 6, applicationName: "notifications-test" });
  email = createSmtpTransport({ url: env.SMTP_URL, from: env.MAIL_FROM, timeoutMs: 5_000 });
  service = createNotificationService({ db, logger, renderer, email, sms: createFileSmsProvider(env.SMS_LOG_PATH) });
});

afterAll(async () => {
  await email?.close();
  await db?.$disconnect();
  await database?.drop();
});

describe("email", () => {
  it("goes through the SMTP server with subject, recipient and code, and is logged SENT", async () => {
    const to = address();
    const key = `verify-${randomUUID()}`;
    const result = await service.send({
      tenantId: null,
      channel: "EMAIL",
      template: "email-verification",
      to,
      data: verification("314159"),
      idempotencyKey: key,
    });
    expect(result).toMatchObject({ status: "SENT", deduplicated: false, attempts: 1 });

    const [message] = await mailbox.waitForMessages(to);
    expect(message!.Subject).toBe("Verify your email address");
    expect(message!.To.map((a) => a.Address)).toEqual([to]);
    expect(message!.From.Address).toBe("no-reply@bazaar.local");
    expect(message!.Text).toContain("Or enter this code: 314159");
    expect(message!.Text).toContain("https://bazaar.test/verify?token=314159");
    expect(message!.HTML).toContain("314159");
    expect(await mailbox.header(message!.ID, "X-Bazaar-Delivery-Id")).toEqual([result.deliveryId]);

    const row = await deliveryByKey(key);
    expect(row).toMatchObject({
      id: result.deliveryId,
      tenantId: null,
      channel: "EMAIL",
      template: "email-verification",
      recipient: to,
      status: "SENT",
      attempts: 1,
      lastError: null,
    });
    expect(row!.sentAt).toBeInstanceOf(Date);
    expect(row!.providerMessageId).toBe(`<${message!.MessageID}>`);
  });

  it("keeps a tenant's deliveries to that tenant (row-level security)", async () => {
    const [tenantA, tenantB] = [randomUUID(), randomUUID()];
    const key = `welcome-${randomUUID()}`;
    await service.send({
      tenantId: tenantA,
      channel: "EMAIL",
      template: "welcome",
      to: address(),
      data: { name: "Ada", storeName: "Ada's Attic", plan: "FREE", dashboardUrl: "https://admin.bazaar.test" },
      idempotencyKey: key,
    });
    const seenBy = (tenantId: string) =>
      withTenant(db, tenantId, (tx) => tx.notificationDelivery.findMany({ where: { idempotencyKey: key } }));
    expect(await seenBy(tenantA)).toHaveLength(1);
    expect(await seenBy(tenantB)).toEqual([]);
    // The log is evidence of what was sent: the runtime role cannot delete from it, even as platform.
    await expect(asPlatform(db, (tx) => tx.notificationDelivery.deleteMany({ where: { idempotencyKey: key } }))).rejects.toThrow(
      /permission denied/,
    );
    // The same key from another tenant cannot reach (or resend) tenant A's notification.
    await expect(
      service.send({
        tenantId: tenantB,
        channel: "EMAIL",
        template: "welcome",
        to: address(),
        data: { name: "Bo", storeName: "Bo's", plan: "FREE", dashboardUrl: "https://admin.bazaar.test" },
        idempotencyKey: key,
      }),
    ).rejects.toBeInstanceOf(IdempotencyConflictError);
  });
});

describe("sms", () => {
  it("lands in the outbox file and is logged SENT with the outbox entry's id", async () => {
    const to = phone();
    const result = await service.send({
      tenantId: null,
      channel: "SMS",
      template: "two-factor-code",
      to,
      data: { code: "271828", expiresInMinutes: 5 },
    });
    const entries = await smsTo(to, env.SMS_LOG_PATH);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.body).toBe("Bazaar code: 271828. Expires in 5 min. Never share it.");
    const row = await asPlatform(db, (tx) => tx.notificationDelivery.findUniqueOrThrow({ where: { id: result.deliveryId } }));
    expect(row).toMatchObject({ channel: "SMS", recipient: to, status: "SENT", providerMessageId: entries[0]!.id });
  });
});

describe("idempotency", () => {
  it("sends once when the same key is sent again", async () => {
    const to = address();
    const request = {
      tenantId: null,
      channel: "EMAIL" as const,
      template: "two-factor-code" as const,
      to,
      data: { code: "161803", expiresInMinutes: 5 },
      idempotencyKey: `2fa-${randomUUID()}`,
    };
    const first = await service.send(request);
    const second = await service.send(request);
    expect(second).toEqual({ ...first, deduplicated: true });
    expect(await mailbox.messagesTo(to)).toHaveLength(1);
    expect(await deliveryByKey(request.idempotencyKey)).toMatchObject({ attempts: 1, status: "SENT" });
  });

  it("sends once when the same key is sent concurrently", async () => {
    const to = address();
    const request = {
      tenantId: null,
      channel: "EMAIL" as const,
      template: "password-changed" as const,
      to,
      data: { name: "Ada", changedAt: "2026-11-23T09:00:00Z", supportUrl: "https://bazaar.test/help" },
      idempotencyKey: `pw-${randomUUID()}`,
    };
    const results = await Promise.all([service.send(request), service.send(request), service.send(request)]);
    expect(new Set(results.map((r) => r.deliveryId)).size).toBe(1);
    expect(results.filter((r) => !r.deduplicated)).toHaveLength(1);
    expect(await mailbox.messagesTo(to)).toHaveLength(1);
  });

  it("refuses a key reused for a different notification", async () => {
    const key = `reuse-${randomUUID()}`;
    const base = { tenantId: null, channel: "SMS" as const, template: "two-factor-code" as const, data: { code: "000111", expiresInMinutes: 5 } };
    await service.send({ ...base, to: phone(), idempotencyKey: key });
    await expect(service.send({ ...base, to: phone(), idempotencyKey: key })).rejects.toBeInstanceOf(IdempotencyConflictError);
  });
});

describe("bad requests change nothing", () => {
  it("a missing template variable is a TemplateDataError, with no row and no email", async () => {
    const to = address();
    const key = `missing-${randomUUID()}`;
    const attempt = service.sendUntyped({
      tenantId: null,
      channel: "EMAIL",
      template: "email-verification",
      to,
      data: { name: "Ada", verificationUrl: "https://bazaar.test/verify", expiresInMinutes: 30 },
      idempotencyKey: key,
    });
    await expect(attempt).rejects.toBeInstanceOf(TemplateDataError);
    await expect(attempt).rejects.toMatchObject({ code: "NOTIFICATION_TEMPLATE_DATA_INVALID", missing: ["code"] });
    expect(await deliveryByKey(key)).toBeNull();
    expect(await mailbox.messagesTo(to)).toEqual([]);
  });

  it("an invalid recipient is an InvalidRecipientError, with no row", async () => {
    const key = `recipient-${randomUUID()}`;
    const data = { code: "123123", expiresInMinutes: 5 };
    await expect(
      service.send({ tenantId: null, channel: "SMS", template: "two-factor-code", to: "07700 900123", data, idempotencyKey: key }),
    ).rejects.toBeInstanceOf(InvalidRecipientError);
    await expect(
      service.send({ tenantId: null, channel: "EMAIL", template: "two-factor-code", to: "not-an-address", data, idempotencyKey: key }),
    ).rejects.toBeInstanceOf(InvalidRecipientError);
    expect(await deliveryByKey(key)).toBeNull();
  });
});

describe("provider failure", () => {
  it("logs FAILED with the error, then the same send retries and counts the attempt", async () => {
    // A real SMTP client against a loopback port nobody listens on: the connection is refused.
    const down = createSmtpTransport({ url: "smtp://127.0.0.1:9", from: env.MAIL_FROM, timeoutMs: 2_000 });
    const failing = createNotificationService({ db, logger, renderer, email: down, sms: createFileSmsProvider(env.SMS_LOG_PATH) });
    const to = address();
    const request = {
      tenantId: null,
      channel: "EMAIL" as const,
      template: "two-factor-code" as const,
      to,
      data: { code: "424242", expiresInMinutes: 5 },
      idempotencyKey: `retry-${randomUUID()}`,
    };
    const failure = failing.send(request);
    await expect(failure).rejects.toBeInstanceOf(DeliveryFailedError);
    await expect(failure).rejects.toMatchObject({ attempts: 1, retryable: true });
    const failed = await deliveryByKey(request.idempotencyKey);
    expect(failed).toMatchObject({ status: "FAILED", attempts: 1, sentAt: null });
    expect(failed!.lastError).toMatch(/ECONNREFUSED/);

    const retried = await service.send(request);
    expect(retried).toMatchObject({ deliveryId: failed!.id, attempts: 2, deduplicated: false });
    expect(await deliveryByKey(request.idempotencyKey)).toMatchObject({ status: "SENT", attempts: 2, lastError: null });
    expect(await mailbox.waitForMessages(to)).toHaveLength(1);
    await down.close();
  });
});
