import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { baseEnv } from "@bazaar/config";
import { asPlatform, createDb, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { SandboxProvider, stripeSignatureHeader, TEST_CARDS, type PaymentProvider, type ProviderName } from "@bazaar/payments";
import { answerChallenge, payOnHostedPage, startSandboxProcess, TEST_WEBHOOK_SECRET, until, type SandboxProcess } from "@bazaar/payments/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiServer, type ApiServer } from "../http/api-server";
import { quietLogger } from "../testing/quiet-logger";
import { waitForUrls } from "../testing/wait-for";
import { authorizePayment, capturePayment, getPayment, refundPayment, voidPayment, type PaymentsDeps } from "./payments.service";

// The whole path against real services: the sandbox as its own process, webhooks into the real API
// server's /webhooks/sandbox, PostgreSQL for payments, the inbox and the outbox. The sandbox runs in
// chaos mode: about a third of the webhooks arrive twice and deliveries overtake each other, so every
// assertion here holds whatever order the news arrives in.

let database: TestDatabase;
let db: Db;
let redis: Redis;
let api: ApiServer;
let apiUrl: string;
let sandbox: SandboxProcess;
let dir: string;
let sandboxDb: string;
const CHAOS = { duplicate_rate: 0.3, reorder_jitter_ms: 150 };
const providers: Partial<Record<ProviderName, PaymentProvider>> = {};
const deps = (): PaymentsDeps => ({ db, providers });

beforeAll(async () => {
  await waitForUrls(baseEnv().DATABASE_URL, baseEnv().REDIS_URL);
  database = await createTestDatabase(testDatabaseName("api_payments"));
  db = createDb({ url: database.url, poolSize: 8, applicationName: "payments-test" });
  redis = new Redis(baseEnv().REDIS_URL, { maxRetriesPerRequest: 1 });
  api = createApiServer({ db, redis, logger: quietLogger(), allowedOrigins: [], rateLimiter: null, paymentProviders: providers });
  ({ url: apiUrl } = await api.listen(0));
  dir = mkdtempSync(join(tmpdir(), "payments-int-"));
  sandboxDb = join(dir, "sandbox.sqlite");
  sandbox = await startSandboxProcess({ dbPath: sandboxDb, webhookUrl: `${apiUrl}/webhooks/sandbox`, chaos: true });
  providers.sandbox = new SandboxProvider({ baseUrl: sandbox.url, webhookSecret: TEST_WEBHOOK_SECRET });
});

afterAll(async () => {
  await sandbox?.stop();
  await api?.close(1_000);
  redis?.disconnect();
  await db?.$disconnect();
  await database?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let n = 0;
const authorize = (extra: { amount?: number; paymentMethod?: string } = {}) =>
  authorizePayment(deps(), {
    provider: "sandbox",
    orderGroupRef: `og-${++n}`,
    amount: extra.amount ?? 4999,
    currency: "EUR",
    idempotencyKey: `checkout-${crypto.randomUUID()}`,
    ...(extra.paymentMethod ? { paymentMethod: extra.paymentMethod } : {}),
  });

const eventsOf = (paymentId: string) =>
  asPlatform(db, async (tx) => (await tx.outboxEvent.findMany({ where: { key: paymentId }, orderBy: { position: "asc" } })).map((e) => e.type));

const inboxOf = (paymentId: string) => asPlatform(db, (tx) => tx.paymentWebhookEvent.findMany({ where: { paymentId } }));

const statusIs = (paymentId: string, status: string) => until(`payment ${status}`, async () => ((await getPayment(db, paymentId)).status === status ? true : undefined));

/** Every delivery of this payment's events acknowledged by the API (so late ones cannot still land). */
const allDelivered = (providerPaymentId: string) =>
  until("deliveries acknowledged", async () => {
    const ours = (await sandbox.deliveries()).filter((d) => d.payment_intent === providerPaymentId);
    return ours.length > 0 && ours.every((d) => d.state === "delivered") ? ours : undefined;
  });

describe("authorize on the hosted page", () => {
  it("4242: the webhook makes the payment AUTHORIZED once; capture then captures once", async () => {
    const p = await authorize();
    expect(p).toMatchObject({ status: "AUTHORIZING", nextActionUrl: expect.stringContaining("/pay/pi_") });
    expect((await payOnHostedPage(p.nextActionUrl!, TEST_CARDS.success)).status).toBe(303);
    await statusIs(p.id, "AUTHORIZED");
    const captured = await capturePayment(deps(), { paymentId: p.id });
    expect(captured).toMatchObject({ status: "CAPTURED", capturedAmount: 4999, nextActionUrl: null });
    await allDelivered(p.providerPaymentId!);
    expect(await eventsOf(p.id)).toEqual(["payments.payment.authorized", "payments.payment.captured"]);
    // Two events in the inbox once each, whichever of webhook and call answer moved the payment first.
    expect(await inboxOf(p.id)).toHaveLength(2);
  });

  it.each([
    [TEST_CARDS.decline, "generic_decline"],
    [TEST_CARDS.insufficientFunds, "insufficient_funds"],
  ])("%s: FAILED with %s, and capture is refused with a typed error", async (card, code) => {
    const p = await authorize();
    await payOnHostedPage(p.nextActionUrl!, card);
    await statusIs(p.id, "FAILED");
    expect(await getPayment(db, p.id)).toMatchObject({ failureCode: code, nextActionUrl: null });
    await expect(capturePayment(deps(), { paymentId: p.id })).rejects.toMatchObject({ code: "CONFLICT", details: { reason: "payment-state" } });
    expect(await eventsOf(p.id)).toEqual(["payments.payment.failed"]);
  });

  it.each([
    ["approve", "AUTHORIZED", "payments.payment.authorized"],
    ["fail", "FAILED", "payments.payment.failed"],
  ] as const)("3-D Secure %s: REQUIRES_ACTION, then %s", async (outcome, status, type) => {
    const p = await authorize();
    const form = await payOnHostedPage(p.nextActionUrl!, TEST_CARDS.threeDSecure);
    await statusIs(p.id, "REQUIRES_ACTION");
    expect((await getPayment(db, p.id)).nextActionUrl).toContain(`/pay/${p.providerPaymentId}/3ds?client_secret=`);
    await answerChallenge(form, sandbox.url, outcome);
    await statusIs(p.id, status);
    expect(await eventsOf(p.id)).toEqual(["payments.payment.action-required", type]);
  });

  it("the late processor: AUTHORIZED when its webhook finally arrives", async () => {
    const p = await authorize();
    await payOnHostedPage(p.nextActionUrl!, TEST_CARDS.lateProcessor);
    await statusIs(p.id, "AUTHORIZED");
    expect(await eventsOf(p.id)).toEqual(["payments.payment.authorized"]);
  });
});

describe("capture exactly once", () => {
  it("webhooks delivered twice and out of order: one capture, one event of each kind", async () => {
    await sandbox.configure({ duplicate_rate: 1, reorder_jitter_ms: 200 });
    try {
      const p = await authorize();
      await payOnHostedPage(p.nextActionUrl!, TEST_CARDS.success);
      await statusIs(p.id, "AUTHORIZED");
      await capturePayment(deps(), { paymentId: p.id });
      const deliveries = await allDelivered(p.providerPaymentId!);
      expect(deliveries.length).toBe(4); // two events, each delivered twice
      expect(await eventsOf(p.id)).toEqual(["payments.payment.authorized", "payments.payment.captured"]);
      const pi = (await (await fetch(`${sandbox.url}/v1/payment_intents/${p.providerPaymentId}`)).json()) as { capture_count: number; amount_received: number };
      expect(pi).toMatchObject({ capture_count: 1, amount_received: 4999 });
    } finally {
      await sandbox.configure(CHAOS);
    }
  });

  it("webhooks that arrive before the authorize call returns, then 20 racing captures: one capture", async () => {
    await sandbox.configure({ webhook_before_response: true });
    let p;
    try {
      p = await authorize({ paymentMethod: "pm_card_visa" });
    } finally {
      await sandbox.configure({ webhook_before_response: false });
    }
    // The webhook landed (and was applied) while authorize was still waiting for the provider's answer.
    expect(p.status).toBe("AUTHORIZED");
    expect((await inboxOf(p.id)).map((e) => e.outcome)).toEqual(["applied"]);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => capturePayment(deps(), { paymentId: p.id })));
    expect(results.every((r) => r.status === "fulfilled" && r.value.status === "CAPTURED")).toBe(true);
    await allDelivered(p.providerPaymentId!);
    expect(await eventsOf(p.id)).toEqual(["payments.payment.authorized", "payments.payment.captured"]);
    expect(await getPayment(db, p.id)).toMatchObject({ capturedAmount: 4999, version: 2 });
  });

  it("a late webhook (resent after capture returned) changes nothing", async () => {
    const p = await authorize({ paymentMethod: "pm_card_visa" });
    await statusIs(p.id, "AUTHORIZED");
    await capturePayment(deps(), { paymentId: p.id });
    const delivered = await allDelivered(p.providerPaymentId!);
    for (const d of delivered) await fetch(`${sandbox.url}/v1/_sandbox/events/${d.event_id}/resend`, { method: "POST" });
    await until("resent deliveries acknowledged", async () => {
      const again = (await sandbox.deliveries()).filter((d) => delivered.some((x) => x.event_id === d.event_id));
      return again.length === delivered.length * 2 && again.every((d) => d.state === "delivered") ? true : undefined;
    });
    expect(await eventsOf(p.id)).toEqual(["payments.payment.authorized", "payments.payment.captured"]);
    expect(await getPayment(db, p.id)).toMatchObject({ status: "CAPTURED", version: 2 });
  });
});

describe("void and refund", () => {
  it("void releases an authorization; capture afterwards is refused", async () => {
    const p = await authorize({ paymentMethod: "pm_card_visa" });
    await statusIs(p.id, "AUTHORIZED");
    expect(await voidPayment(deps(), { paymentId: p.id })).toMatchObject({ status: "VOIDED" });
    await expect(capturePayment(deps(), { paymentId: p.id })).rejects.toMatchObject({ code: "CONFLICT" });
    await allDelivered(p.providerPaymentId!);
    expect(await eventsOf(p.id)).toEqual(["payments.payment.authorized", "payments.payment.voided"]);
  });

  it("partial then full refund, replayed refund webhooks add nothing; over-refund is BAD_REQUEST", async () => {
    const p = await authorize({ paymentMethod: "pm_card_visa" });
    await statusIs(p.id, "AUTHORIZED");
    await capturePayment(deps(), { paymentId: p.id });
    expect(await refundPayment(deps(), { paymentId: p.id, amount: 1000, idempotencyKey: "refund-one-0001" })).toMatchObject({ status: "PARTIALLY_REFUNDED", refundedAmount: 1000 });
    // The same refund request again (a retried saga step) refunds nothing more.
    expect(await refundPayment(deps(), { paymentId: p.id, amount: 1000, idempotencyKey: "refund-one-0001" })).toMatchObject({ refundedAmount: 1000 });
    await expect(refundPayment(deps(), { paymentId: p.id, amount: 5000, idempotencyKey: "refund-two-0002" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await refundPayment(deps(), { paymentId: p.id, idempotencyKey: "refund-rest-0003" })).toMatchObject({ status: "REFUNDED", refundedAmount: 4999 });
    await allDelivered(p.providerPaymentId!);
    expect(await eventsOf(p.id)).toEqual(["payments.payment.authorized", "payments.payment.captured", "payments.payment.refunded", "payments.payment.refunded"]);
  });
});

describe("partial capture", () => {
  it("captures part of the authorization; refunds are bounded by what was captured", async () => {
    const p = await authorize({ paymentMethod: "pm_card_visa" });
    await statusIs(p.id, "AUTHORIZED");
    expect(await capturePayment(deps(), { paymentId: p.id, amount: 3000 })).toMatchObject({ status: "CAPTURED", capturedAmount: 3000 });
    await expect(refundPayment(deps(), { paymentId: p.id, amount: 3001, idempotencyKey: "refund-over-0001" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await refundPayment(deps(), { paymentId: p.id, idempotencyKey: "refund-all-00001" })).toMatchObject({ status: "REFUNDED", refundedAmount: 3000 });
    await expect(capturePayment(deps(), { paymentId: p.id, amount: 6000 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await capturePayment(deps(), { paymentId: p.id })).toMatchObject({ status: "REFUNDED", capturedAmount: 3000 });
  });
});

describe("bad input changes nothing", () => {
  it("a float amount, a lower-case currency, an unknown provider: BAD_REQUEST and no row", async () => {
    const before = await asPlatform(db, (tx) => tx.payment.count());
    for (const input of [
      { provider: "sandbox", orderGroupRef: "og-x", amount: 10.5, currency: "EUR", idempotencyKey: "bad-input-00001" },
      { provider: "sandbox", orderGroupRef: "og-x", amount: 100, currency: "eur", idempotencyKey: "bad-input-00002" },
      { provider: "acme-pay", orderGroupRef: "og-x", amount: 100, currency: "EUR", idempotencyKey: "bad-input-00003" },
    ]) {
      await expect(authorizePayment(deps(), input as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    expect(await asPlatform(db, (tx) => tx.payment.count())).toBe(before);
  });

  it("the same idempotency key answers the same payment; with another amount it is a CONFLICT", async () => {
    const input = { provider: "sandbox" as const, orderGroupRef: "og-idem", amount: 1200, currency: "EUR", idempotencyKey: `idem-${crypto.randomUUID()}` };
    const [a, b] = await Promise.all([authorizePayment(deps(), input), authorizePayment(deps(), input)]);
    expect(b.id).toBe(a.id);
    await expect(authorizePayment(deps(), { ...input, amount: 1300 })).rejects.toMatchObject({ code: "CONFLICT", details: { reason: "idempotency-key-reused" } });
    expect(await asPlatform(db, (tx) => tx.payment.count({ where: { orderGroupRef: "og-idem" } }))).toBe(1);
  });
});

describe("POST /webhooks/<provider>", () => {
  const event = (paymentId: string) =>
    JSON.stringify({
      id: `evt_forged_${crypto.randomUUID().replaceAll("-", "")}`,
      object: "event",
      created: Math.floor(Date.now() / 1000),
      type: "payment_intent.succeeded",
      data: { object: { object: "payment_intent", id: "pi_forged", status: "succeeded", amount: 4999, amount_received: 4999, currency: "eur", metadata: { payment_id: paymentId } } },
    });
  const post = (body: string, signature?: string, provider = "sandbox") =>
    fetch(`${apiUrl}/webhooks/${provider}`, { method: "POST", headers: { "content-type": "application/json", ...(signature ? { "stripe-signature": signature } : {}) }, body });

  it("refuses a forged signature, a stale timestamp and a missing header with 400, storing nothing", async () => {
    const p = await authorize({ paymentMethod: "pm_card_visa" });
    await statusIs(p.id, "AUTHORIZED");
    await allDelivered(p.providerPaymentId!);
    const before = await inboxOf(p.id);
    const body = event(p.id);
    const forged = await post(body, stripeSignatureHeader("whsec_attacker_guess_0000000000000000", body));
    expect([forged.status, await forged.json()]).toEqual([400, expect.objectContaining({ error: "bad-signature" })]);
    const stale = await post(body, stripeSignatureHeader(TEST_WEBHOOK_SECRET, body, Math.floor(Date.now() / 1000) - 301));
    expect([stale.status, await stale.json()]).toEqual([400, expect.objectContaining({ error: "stale-timestamp" })]);
    expect((await post(body)).status).toBe(400);
    expect((await post(body, stripeSignatureHeader(TEST_WEBHOOK_SECRET, body), "stripe")).status).toBe(404); // not configured: fail closed
    expect((await fetch(`${apiUrl}/webhooks/sandbox`)).status).toBe(405);
    expect(await inboxOf(p.id)).toEqual(before);
    expect(await getPayment(db, p.id)).toMatchObject({ status: "AUTHORIZED", capturedAmount: 0 });
    expect(await eventsOf(p.id)).toEqual(["payments.payment.authorized"]);
  });

  it("acknowledges a duplicate delivery with 200 and ignores it", async () => {
    const p = await authorize({ paymentMethod: "pm_card_visa" });
    await statusIs(p.id, "AUTHORIZED");
    const [delivery] = await allDelivered(p.providerPaymentId!);
    const body = await (await fetch(`${sandbox.url}/v1/events/${delivery!.event_id}`)).text();
    const again = await post(body, stripeSignatureHeader(TEST_WEBHOOK_SECRET, body));
    expect([again.status, await again.json()]).toEqual([200, { received: true, duplicate: true }]);
    expect(await eventsOf(p.id)).toEqual(["payments.payment.authorized"]);
  });

  it("a sandbox SIGKILLed while retrying delivers after its restart: AUTHORIZED by the webhook, once", async () => {
    await sandbox.configure({ webhook_url: "http://127.0.0.1:9/webhooks/sandbox" });
    const p = await authorize();
    await payOnHostedPage(p.nextActionUrl!, TEST_CARDS.success);
    await until("a failed attempt", async () => (await sandbox.deliveries()).find((d) => d.payment_intent === p.providerPaymentId && d.attempts >= 1 && d.state === "pending"));
    await sandbox.kill();
    expect((await getPayment(db, p.id)).status).toBe("AUTHORIZING");
    // The restarted process reads its deliveries from the same file; its endpoint is the API again.
    sandbox = await startSandboxProcess({ dbPath: sandboxDb, webhookUrl: `${apiUrl}/webhooks/sandbox`, chaos: true });
    providers.sandbox = new SandboxProvider({ baseUrl: sandbox.url, webhookSecret: TEST_WEBHOOK_SECRET });
    await statusIs(p.id, "AUTHORIZED");
    expect(await eventsOf(p.id)).toEqual(["payments.payment.authorized"]);
  });

  it("a webhook whose first attempts failed (endpoint down) is retried and lands", async () => {
    // The endpoint is unreachable for a moment (the sandbox's own test covers 500 answers): a dead port, then back.
    await sandbox.configure({ webhook_url: "http://127.0.0.1:9/webhooks/sandbox" });
    const p = await authorize({ paymentMethod: "pm_card_visa" });
    await until("a failed attempt", async () => (await sandbox.deliveries()).find((d) => d.attempts >= 1 && d.state === "pending"));
    await sandbox.configure({ webhook_url: `${apiUrl}/webhooks/sandbox` });
    await statusIs(p.id, "AUTHORIZED");
  });
});
