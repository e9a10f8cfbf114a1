import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SandboxProvider } from "../adapters/sandbox.adapter";
import { answerChallenge, payOnHostedPage as payOnPage, startSandboxProcess, TEST_WEBHOOK_SECRET, until, type SandboxProcess } from "../testing";
import { TEST_CARDS } from "./test-cards";

// The sandbox as a real child process on a random port, webhooks to a real local receiver.

interface Received {
  body: string;
  signature: string;
  type: string;
}

async function startReceiver() {
  const received: Received[] = [];
  let failuresLeft = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      if (failuresLeft > 0) {
        failuresLeft--;
        res.writeHead(500).end("not now");
        return;
      }
      received.push({ body, signature: String(req.headers["stripe-signature"]), type: (JSON.parse(body) as { type: string }).type });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    failNext(n: number) {
      failuresLeft = n;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let dir: string;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let sandbox: SandboxProcess;
let provider: SandboxProvider;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sandbox-"));
  receiver = await startReceiver();
  sandbox = await startSandboxProcess({ dbPath: join(dir, "sandbox.sqlite"), webhookUrl: receiver.url });
  provider = new SandboxProvider({ baseUrl: sandbox.url, webhookSecret: TEST_WEBHOOK_SECRET });
});

afterEach(() => receiver.failNext(0));

afterAll(async () => {
  await sandbox?.stop();
  await receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (path: string, body: unknown, key?: string) =>
  fetch(`${sandbox.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...(key ? { "idempotency-key": key } : {}) }, body: JSON.stringify(body) });

const eventsFor = (piId: string) =>
  receiver.received.filter((r) => (JSON.parse(r.body) as { data: { object: { id: string; payment_intent?: string } } }).data.object.id === piId);

describe("Idempotency-Key", () => {
  it("replays the first response byte for byte for the same key and parameters", async () => {
    const key = `k-${crypto.randomUUID()}`;
    const first = await post("/v1/payment_intents", { amount: 1500, currency: "eur", metadata: { a: "1", b: "2" } }, key);
    const again = await post("/v1/payment_intents", { currency: "eur", metadata: { b: "2", a: "1" }, amount: 1500 }, key);
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.text()).toBe(await first.text());
  });

  it("refuses the same key with other parameters (400 idempotency_error) and creates nothing", async () => {
    const key = `k-${crypto.randomUUID()}`;
    const first = (await (await post("/v1/payment_intents", { amount: 1500, currency: "eur" }, key)).json()) as { id: string };
    const other = await post("/v1/payment_intents", { amount: 1600, currency: "eur" }, key);
    expect(other.status).toBe(400);
    expect(await other.json()).toMatchObject({ error: { type: "idempotency_error", code: "idempotency_key_reused" } });
    expect(first.id).toMatch(/^pi_/);
  });

  it("replays an error answer too (a capture of an uncaptureable intent)", async () => {
    const pi = (await (await post("/v1/payment_intents", { amount: 500, currency: "usd" })).json()) as { id: string };
    const key = `k-${crypto.randomUUID()}`;
    const a = await post(`/v1/payment_intents/${pi.id}/capture`, {}, key);
    const b = await post(`/v1/payment_intents/${pi.id}/capture`, {}, key);
    expect(a.status).toBe(400);
    expect(await b.text()).toBe(await a.text());
  });
});

describe("hosted payment page and webhooks", () => {
  it("4242: requires_capture, one signed amount_capturable_updated webhook", async () => {
    const auth = await provider.authorize({ amount: 2599, currency: "USD", idempotencyKey: crypto.randomUUID(), metadata: { payment_id: "p1" } });
    expect(auth.status).toBe("pending");
    expect(auth.nextAction.type).toBe("redirect");
    const res = await payOnPage((auth.nextAction as { url: string }).url, TEST_CARDS.success);
    expect(res.status).toBe(303);
    const hook = await until("authorized webhook", () => eventsFor(auth.providerPaymentId).find((r) => r.type === "payment_intent.amount_capturable_updated"));
    const verified = provider.parseAndVerifyWebhook(hook.body, { "stripe-signature": hook.signature });
    expect(verified).toMatchObject({ ok: true, event: { kind: "authorized", providerPaymentId: auth.providerPaymentId, paymentRef: "p1", amount: 2599, currency: "USD" } });
    const captured = await provider.capture({ providerPaymentId: auth.providerPaymentId, idempotencyKey: crypto.randomUUID(), amount: 2000 });
    expect(captured).toEqual({ status: "captured", capturedAmount: 2000 });
  });

  it.each([
    [TEST_CARDS.decline, "generic_decline"],
    [TEST_CARDS.insufficientFunds, "insufficient_funds"],
  ])("%s is declined with %s", async (card, code) => {
    const auth = await provider.authorize({ amount: 100, currency: "USD", idempotencyKey: crypto.randomUUID(), metadata: {} });
    await payOnPage((auth.nextAction as { url: string }).url, card);
    const hook = await until("failed webhook", () => eventsFor(auth.providerPaymentId).find((r) => r.type === "payment_intent.payment_failed"));
    expect(provider.parseAndVerifyWebhook(hook.body, { "stripe-signature": hook.signature })).toMatchObject({ ok: true, event: { kind: "failed", failureCode: code } });
  });

  it("an unknown card number is refused on the page with an accessible error and changes nothing", async () => {
    const auth = await provider.authorize({ amount: 100, currency: "USD", idempotencyKey: crypto.randomUUID(), metadata: {} });
    const page = await (await fetch((auth.nextAction as { url: string }).url)).text();
    for (const label of ['<label for="card-number">Card number</label>', '<label for="card-expiry">', '<label for="card-cvc">']) expect(page).toContain(label);
    const res = await payOnPage((auth.nextAction as { url: string }).url, "1234123412341234");
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('role="alert"');
    const pi = (await (await fetch(`${sandbox.url}/v1/payment_intents/${auth.providerPaymentId}`)).json()) as { status: string };
    expect(pi.status).toBe("requires_payment_method");
  });

  it.each([
    ["approve", "payment_intent.amount_capturable_updated"],
    ["fail", "payment_intent.payment_failed"],
  ])("3-D Secure: %s", async (outcome, type) => {
    const auth = await provider.authorize({ amount: 700, currency: "EUR", idempotencyKey: crypto.randomUUID(), metadata: {} });
    const res = await payOnPage((auth.nextAction as { url: string }).url, TEST_CARDS.threeDSecure);
    const challengeUrl = new URL(res.headers.get("location")!, sandbox.url);
    expect(challengeUrl.pathname).toBe(`/pay/${auth.providerPaymentId}/3ds`);
    expect(await (await fetch(challengeUrl)).text()).toContain("Approve");
    await answerChallenge(res, sandbox.url, outcome as "approve" | "fail");
    await until(type, () => eventsFor(auth.providerPaymentId).find((r) => r.type === type));
    expect(eventsFor(auth.providerPaymentId).map((r) => r.type)).toContain("payment_intent.requires_action");
  });

  it("the late processor answers after a delay: processing first, authorized later", async () => {
    const auth = await provider.authorize({ amount: 900, currency: "EUR", idempotencyKey: crypto.randomUUID(), metadata: {} });
    await payOnPage((auth.nextAction as { url: string }).url, TEST_CARDS.lateProcessor);
    await until("late authorization", () => eventsFor(auth.providerPaymentId).find((r) => r.type === "payment_intent.amount_capturable_updated"));
    expect(eventsFor(auth.providerPaymentId).map((r) => r.type)).toEqual(["payment_intent.processing", "payment_intent.amount_capturable_updated"]);
  });

  it("retries a delivery the endpoint answered 500 until it is acknowledged", async () => {
    receiver.failNext(2);
    const pi = await provider.authorize({ amount: 300, currency: "USD", idempotencyKey: crypto.randomUUID(), metadata: {}, paymentMethod: "pm_card_visa" });
    await until("delivery after retries", () => eventsFor(pi.providerPaymentId)[0]);
    const rows = (await sandbox.deliveries()).filter((d) => d.state === "delivered" && d.attempts === 3);
    expect(rows.length).toBeGreaterThanOrEqual(1);
  });

  it("with chaos, delivers an event twice", async () => {
    await sandbox.configure({ duplicate_rate: 1 });
    try {
      const pi = await provider.authorize({ amount: 300, currency: "USD", idempotencyKey: crypto.randomUUID(), metadata: {}, paymentMethod: "pm_card_visa" });
      const copies = await until("two copies", () => (eventsFor(pi.providerPaymentId).length === 2 ? eventsFor(pi.providerPaymentId) : undefined));
      expect(copies[0]!.body).toBe(copies[1]!.body);
    } finally {
      await sandbox.configure({ duplicate_rate: 0 });
    }
  });
});

describe("payout transfers", () => {
  it("a transfer to a seller account with an idempotency key happens once", async () => {
    const input = { destination: "acct_seller_1", amount: 12_000, currency: "EUR", idempotencyKey: `payout-${crypto.randomUUID()}`, metadata: { seller: "s1" } };
    const [a, b] = [await provider.payout(input), await provider.payout(input)];
    expect(a).toEqual(b);
    expect(a).toMatchObject({ transferId: expect.stringMatching(/^tr_/), status: "paid" });
    await expect(provider.payout({ ...input, amount: 12_001 })).rejects.toMatchObject({ code: "idempotency_key_reused", httpStatus: 400 });
  });
});

describe("operations", () => {
  it("serves /health, /ready (its store) and /metrics with delivery counters", async () => {
    expect((await fetch(`${sandbox.url}/health`)).status).toBe(200);
    expect(await (await fetch(`${sandbox.url}/ready`)).json()).toMatchObject({ status: "ok", checks: { store: { status: "ok" } } });
    expect(await (await fetch(`${sandbox.url}/metrics`)).text()).toContain('payments_sandbox_webhook_attempts_total{outcome="delivered"}');
  });
});

describe("a sandbox restarted mid-retry", () => {
  it("still delivers the pending webhook, from its SQLite file", async () => {
    const ownDir = mkdtempSync(join(tmpdir(), "sandbox-restart-"));
    const own = await startReceiver();
    own.failNext(1_000);
    const dbPath = join(ownDir, "sandbox.sqlite");
    let first: SandboxProcess | undefined = await startSandboxProcess({ dbPath, webhookUrl: own.url, env: { PAYMENTS_SANDBOX_RETRY_BASE_MS: "100" } });
    let second: SandboxProcess | undefined;
    try {
      const p = new SandboxProvider({ baseUrl: first.url, webhookSecret: TEST_WEBHOOK_SECRET });
      const pi = await p.authorize({ amount: 4200, currency: "USD", idempotencyKey: crypto.randomUUID(), metadata: {}, paymentMethod: "pm_card_visa" });
      const s1 = first;
      await until("a failed attempt", async () => (await s1.deliveries()).find((d) => d.attempts >= 1 && d.state === "pending"));
      await first.kill();
      first = undefined;
      own.failNext(0);
      second = await startSandboxProcess({ dbPath, webhookUrl: own.url });
      const hook = await until("delivery by the restarted sandbox", () => own.received.find((r) => r.body.includes(pi.providerPaymentId)));
      expect(hook.type).toBe("payment_intent.amount_capturable_updated");
      const intent = (await (await fetch(`${second.url}/v1/payment_intents/${pi.providerPaymentId}`)).json()) as { status: string };
      expect(intent.status).toBe("requires_capture");
    } finally {
      await first?.kill();
      await second?.stop();
      await own.close();
      rmSync(ownDir, { recursive: true, force: true });
    }
  });
});
