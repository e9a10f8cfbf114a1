import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createOpsHandler } from "@bazaar/observability";
import type { z } from "zod";
import { challengePage, paymentPage, resultPage } from "./hosted-page";
import { cancelSchema, captureSchema, createIntentSchema, refundSchema, sandboxConfigSchema, transferSchema } from "./sandbox-api.schema";
import { SandboxApiError, SandboxEngine, type ChaosSettings, type SandboxIntent } from "./sandbox-engine";
import { SandboxStore } from "./sandbox-store";
import { WebhookDispatcher } from "./webhook-dispatcher";

// The sandbox provider's HTTP face: a Stripe-like JSON API under /v1 with Idempotency-Key semantics,
// the hosted payment page under /pay, test controls under /v1/_sandbox, and /health.

export interface SandboxServerOptions {
  dbPath: string;
  webhookUrl: string;
  webhookSecret: string;
  publicUrl?: string;
  chaos: ChaosSettings;
  retryBaseMs: number;
  maxAttempts: number;
  lateProcessorMs: number;
  /** How long a transfer stays pending before the sandbox settles it (0: in the transfer's answer). */
  payoutSettleMs?: number;
  /** How often due deliveries and timers are looked for. */
  tickMs?: number;
  log?: (message: string, fields: Record<string, unknown>) => void;
}

const MAX_BODY = 64 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new SandboxApiError(413, "invalid_request_error", "body_too_large", "request body too large"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Sorted-key JSON, so `{a,b}` and `{b,a}` are the same parameters. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function parseJson<S extends z.ZodType>(schema: S, raw: string): z.output<S> {
  let json: unknown = {};
  if (raw.trim() !== "") {
    try {
      json = JSON.parse(raw);
    } catch {
      throw new SandboxApiError(400, "invalid_request_error", "parameter_invalid_json", "The request body is not valid JSON.");
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SandboxApiError(400, "invalid_request_error", "parameter_invalid", `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

export class SandboxServer {
  readonly store: SandboxStore;
  readonly engine: SandboxEngine;
  readonly dispatcher: WebhookDispatcher;
  readonly server: Server;
  private publicUrl: string;
  private ticker: NodeJS.Timeout | undefined;
  private readonly ops = createOpsHandler({
    service: "payments-sandbox",
    checks: { store: async () => void this.store.pendingDeliveries() },
  });

  constructor(private readonly o: SandboxServerOptions) {
    this.store = new SandboxStore(o.dbPath);
    // A request that died with the previous process never completed: free its key for a retry.
    this.store.releaseUnfinishedIdempotency();
    const log = o.log ?? (() => {});
    this.dispatcher = new WebhookDispatcher({ store: this.store, webhookUrl: o.webhookUrl, secret: o.webhookSecret, retryBaseMs: o.retryBaseMs, maxAttempts: o.maxAttempts, log });
    this.publicUrl = o.publicUrl ?? "http://127.0.0.1";
    this.engine = new SandboxEngine({
      store: this.store,
      publicUrl: () => this.publicUrl,
      lateProcessorMs: o.lateProcessorMs,
      payoutSettleMs: o.payoutSettleMs ?? 0,
      chaos: o.chaos,
      deliverNow: (eventId) => this.dispatcher.deliverEventNow(eventId),
    });
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        const e = error instanceof SandboxApiError ? error : new SandboxApiError(500, "api_error", "internal", "internal error");
        if (e.status === 500) log("sandbox request failed", { error: error instanceof Error ? error.message : String(error) });
        if (!res.headersSent) this.json(res, e.status, e.toJSON());
        else res.end();
      });
    });
  }

  async listen(port: number, host = "127.0.0.1"): Promise<{ url: string; port: number }> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    const url = `http://${address.address}:${address.port}`;
    this.publicUrl = this.o.publicUrl ?? url;
    this.ticker = setInterval(() => this.tick(), this.o.tickMs ?? 25);
    return { url, port: address.port };
  }

  async close(): Promise<void> {
    clearInterval(this.ticker);
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    await this.dispatcher.drain();
    this.store.close();
  }

  private tick(): void {
    const now = Date.now();
    for (const timer of this.store.dueTimers(now)) {
      void this.engine.run(() => {
        this.engine.fireTimer(timer.intent_id, timer.kind);
        this.store.finishTimer(timer.id);
      });
    }
    void this.dispatcher.deliverDue(now);
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    this.send(res, status, JSON.stringify(body));
  }

  private send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
    res.writeHead(status, { "content-type": "application/json", "request-id": `req_${Date.now().toString(36)}`, ...headers });
    res.end(body);
  }

  private html(res: ServerResponse, status: number, page: string): void {
    res.writeHead(status, {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      "x-content-type-options": "nosniff",
    });
    res.end(page);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://sandbox");
    const method = req.method ?? "GET";
    const path = url.pathname;
    if (this.ops(req, res)) return;
    if (path.startsWith("/pay/")) return this.hosted(req, res, url);
    if (path.startsWith("/v1/_sandbox/")) return this.control(req, res, path, method);
    if (!path.startsWith("/v1/")) return this.json(res, 404, new SandboxApiError(404, "invalid_request_error", "not_found", "Unrecognized request URL").toJSON());

    if (method === "GET") return this.json(res, 200, this.read(path));
    if (method !== "POST") throw new SandboxApiError(405, "invalid_request_error", "method_not_allowed", "Use GET or POST.");
    const raw = await readBody(req);
    const key = req.headers["idempotency-key"];
    if (typeof key !== "string" || key === "") {
      const { status, body } = await this.execute(path, raw);
      return this.send(res, status, body);
    }
    if (key.length > 255) throw new SandboxApiError(400, "invalid_request_error", "idempotency_key_too_long", "Idempotency-Key is at most 255 characters.");
    let params: unknown = raw;
    try {
      params = raw.trim() === "" ? {} : JSON.parse(raw);
    } catch {
      // Not JSON: the raw text is the fingerprint; execute() answers the parse error.
    }
    const fingerprint = createHash("sha256").update(`${method} ${path}\n${canonical(params)}`).digest("hex");
    const previous = this.store.idempotency(key);
    if (previous) {
      if (previous.fingerprint !== fingerprint) {
        throw new SandboxApiError(400, "idempotency_error", "idempotency_key_reused", "Keys for idempotent requests can only be used with the same parameters they were first used with.");
      }
      if (previous.status === null || previous.body === null) {
        throw new SandboxApiError(409, "idempotency_error", "idempotency_key_in_use", "There is currently another in-progress request using this Idempotency-Key.");
      }
      return this.send(res, previous.status, previous.body, { "idempotent-replayed": "true", "original-request": key });
    }
    if (!this.store.claimIdempotency(key, fingerprint, Date.now())) {
      throw new SandboxApiError(409, "idempotency_error", "idempotency_key_in_use", "There is currently another in-progress request using this Idempotency-Key.");
    }
    let outcome: { status: number; body: string };
    try {
      outcome = await this.execute(path, raw);
    } catch (error) {
      if (!(error instanceof SandboxApiError) || error.status >= 500) {
        this.store.releaseIdempotency(key);
        throw error;
      }
      outcome = { status: error.status, body: JSON.stringify(error.toJSON()) };
    }
    // Like Stripe: the first answer, errors included (not 5xx), is what every retry with this key gets.
    this.store.completeIdempotency(key, outcome.status, outcome.body);
    return this.send(res, outcome.status, outcome.body);
  }

  private read(path: string): unknown {
    const m = /^\/v1\/(payment_intents|refunds|transfers|events)\/([A-Za-z0-9_]+)$/.exec(path);
    if (!m) throw new SandboxApiError(404, "invalid_request_error", "not_found", "Unrecognized request URL");
    if (m[1] === "events") {
      const body = this.store.eventBody(m[2]!);
      if (!body) throw new SandboxApiError(404, "invalid_request_error", "resource_missing", `No such event: '${m[2]}'`);
      return JSON.parse(body) as unknown;
    }
    if (m[1] === "payment_intents") return this.engine.intent(m[2]!);
    const doc = this.store.get<{ object: string }>(m[2]!);
    if (!doc || `${doc.object}s` !== m[1]) throw new SandboxApiError(404, "invalid_request_error", "resource_missing", `No such ${m[1]}: '${m[2]}'`);
    return doc;
  }

  private async execute(path: string, raw: string): Promise<{ status: number; body: string }> {
    const ok = (value: unknown) => ({ status: 200, body: JSON.stringify(value) });
    const e = this.engine;
    if (path === "/v1/payment_intents") {
      const input = parseJson(createIntentSchema, raw);
      return ok(await e.run(() => e.createIntent(input)));
    }
    let m = /^\/v1\/payment_intents\/([A-Za-z0-9_]+)\/(capture|cancel)$/.exec(path);
    if (m) {
      const intentId = m[1]!;
      if (m[2] === "capture") {
        const input = parseJson(captureSchema, raw);
        return ok(await e.run(() => e.capture(intentId, input.amount_to_capture)));
      }
      parseJson(cancelSchema, raw);
      return ok(await e.run(() => e.cancel(intentId)));
    }
    if (path === "/v1/refunds") {
      const input = parseJson(refundSchema, raw);
      return ok(await e.run(() => e.refund(input.payment_intent, input.amount)));
    }
    if (path === "/v1/transfers") {
      const input = parseJson(transferSchema, raw);
      return ok(await e.run(() => e.transfer(input)));
    }
    m = /^\/v1\/payment_intents\/([A-Za-z0-9_]+)$/.exec(path);
    if (m) throw new SandboxApiError(400, "invalid_request_error", "not_supported", "Updating a PaymentIntent is not supported by the sandbox.");
    throw new SandboxApiError(404, "invalid_request_error", "not_found", "Unrecognized request URL");
  }

  private async control(req: IncomingMessage, res: ServerResponse, path: string, method: string): Promise<void> {
    if (path === "/v1/_sandbox/deliveries" && method === "GET") return this.json(res, 200, { data: this.store.deliveries() });
    if (path === "/v1/_sandbox/config" && method === "POST") {
      const input = parseJson(sandboxConfigSchema, await readBody(req));
      if (input.duplicate_rate !== undefined) this.engine.chaos.duplicateRate = input.duplicate_rate;
      if (input.reorder_jitter_ms !== undefined) this.engine.chaos.reorderJitterMs = input.reorder_jitter_ms;
      if (input.webhook_before_response !== undefined) this.engine.chaos.webhookBeforeResponse = input.webhook_before_response;
      if (input.webhook_url !== undefined) this.dispatcher.webhookUrl = input.webhook_url;
      if (input.fail_next_refunds !== undefined) this.engine.refundFailures = input.fail_next_refunds;
      return this.json(res, 200, { chaos: this.engine.chaos, webhook_url: this.dispatcher.webhookUrl, fail_next_refunds: this.engine.refundFailures });
    }
    const m = /^\/v1\/_sandbox\/events\/([A-Za-z0-9_]+)\/resend$/.exec(path);
    if (m && method === "POST") {
      this.engine.resend(m[1]!);
      return this.json(res, 200, { resent: m[1] });
    }
    throw new SandboxApiError(404, "invalid_request_error", "not_found", "Unrecognized request URL");
  }

  private async hosted(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const m = /^\/pay\/([A-Za-z0-9_]+)(\/3ds)?$/.exec(url.pathname);
    if (!m) return this.html(res, 404, "<!doctype html><title>Not found</title><h1>Not found</h1>");
    const intentId = m[1]!;
    const challenge = m[2] !== undefined;
    let pi: SandboxIntent;
    try {
      pi = this.engine.intent(intentId);
    } catch {
      return this.html(res, 404, "<!doctype html><title>Not found</title><h1>Payment not found</h1>");
    }
    const form = req.method === "POST" ? new URLSearchParams(await readBody(req)) : undefined;
    const secret = form?.get("client_secret") ?? url.searchParams.get("client_secret");
    // The client secret is what lets a browser act on one intent; without it the page shows nothing.
    if (secret !== pi.client_secret) return this.html(res, 403, "<!doctype html><title>Forbidden</title><h1>This payment link is not valid</h1>");
    if (!form) return this.html(res, 200, challenge ? challengePage(pi) : paymentPage(pi));
    try {
      pi = await this.engine.run(() =>
        challenge ? this.engine.completeChallenge(intentId, form.get("outcome") === "approve") : this.engine.payWithCard(intentId, form.get("card_number") ?? ""),
      );
    } catch (error) {
      if (error instanceof SandboxApiError && error.code === "incorrect_number") return this.html(res, 422, paymentPage(pi, error.message));
      if (error instanceof SandboxApiError) return this.html(res, 409, resultPage(this.engine.intent(intentId)));
      throw error;
    }
    const next = pi.status === "requires_action" ? `/pay/${pi.id}/3ds` : `/pay/${pi.id}`;
    res.writeHead(303, { location: `${next}?client_secret=${encodeURIComponent(pi.client_secret)}` });
    res.end();
  }
}
