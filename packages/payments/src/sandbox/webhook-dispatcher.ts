import { metrics } from "@bazaar/observability";
import { stripeSignatureHeader } from "../stripe-signature";
import type { DeliveryRow, SandboxStore } from "./sandbox-store";

// Delivers events as Stripe does: POST the event JSON with a fresh `Stripe-Signature`, success on any
// 2xx, otherwise retry with exponential backoff (base · 2^attempt, at most 10 minutes) up to a bounded
// number of attempts. Deliveries are rows, so a restarted sandbox carries on where the old one stopped.

const MAX_BACKOFF_MS = 600_000;

const attemptsTotal = metrics.counter({
  name: "payments_sandbox_webhook_attempts_total",
  help: "Webhook delivery attempts by outcome (delivered, failed, gave_up)",
  labelNames: ["outcome"],
});

export interface DispatcherOptions {
  store: SandboxStore;
  webhookUrl: string;
  secret: string;
  retryBaseMs: number;
  maxAttempts: number;
  log: (message: string, fields: Record<string, unknown>) => void;
}

export class WebhookDispatcher {
  private readonly inFlight = new Map<number, Promise<void>>();
  webhookUrl: string;

  constructor(private readonly o: DispatcherOptions) {
    this.webhookUrl = o.webhookUrl;
  }

  /** Sends every due delivery concurrently (so chaos can reorder them); returns once they settle. */
  async deliverDue(now = Date.now()): Promise<void> {
    const due = this.o.store.dueDeliveries(now, 50).filter((d) => !this.inFlight.has(d.id));
    await Promise.all(due.map((d) => this.attempt(d)));
  }

  /** One attempt of each pending delivery of `eventId`, now (chaos: webhook before the API answers). */
  async deliverEventNow(eventId: string): Promise<void> {
    const rows = this.o.store.dueDeliveries(Number.MAX_SAFE_INTEGER, 1_000).filter((d) => d.event_id === eventId);
    await Promise.all(rows.map((d) => this.attempt(d)));
  }

  async drain(): Promise<void> {
    await Promise.all(this.inFlight.values());
  }

  private attempt(row: DeliveryRow): Promise<void> {
    const existing = this.inFlight.get(row.id);
    if (existing) return existing;
    const p = this.send(row).finally(() => this.inFlight.delete(row.id));
    this.inFlight.set(row.id, p);
    return p;
  }

  private async send(row: DeliveryRow): Promise<void> {
    const body = this.o.store.eventBody(row.event_id);
    if (body === undefined) return;
    let status: number | null = null;
    let error = "";
    try {
      const res = await fetch(this.webhookUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": stripeSignatureHeader(this.o.secret, body), "user-agent": "Bazaar-Sandbox/1.0 (+webhooks)" },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) {
        this.o.store.markDelivered(row.id, status, Date.now());
        attemptsTotal.inc({ outcome: "delivered" });
        return;
      }
      error = `HTTP ${status}`;
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const attempts = row.attempts + 1;
    const nextAt = attempts >= this.o.maxAttempts ? null : Date.now() + Math.min(this.o.retryBaseMs * 2 ** (attempts - 1), MAX_BACKOFF_MS);
    this.o.store.markAttemptFailed(row.id, status, error, nextAt);
    attemptsTotal.inc({ outcome: nextAt === null ? "gave_up" : "failed" });
    this.o.log("webhook delivery failed", { eventId: row.event_id, delivery: row.id, attempts, status, error, gaveUp: nextAt === null });
  }
}
