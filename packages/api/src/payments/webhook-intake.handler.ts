import { asPlatform, type Db, type Prisma, type Tx } from "@bazaar/db";
// Types only: the API server (and so the Next apps' server bundles, through @bazaar/api/server) must not
// load provider SDKs; main.ts builds the providers and hands them in.
import type { PaymentProvider, ProviderName, ProviderEvent, WebhookHeaders } from "@bazaar/payments";
import { applyPayoutEvent } from "../ledger/payout-webhook.service";
import { signalFromEvent } from "./payment-state-machine";
import { applySignal, lockAndRecordWebhook } from "./payment-transition";

// POST /webhooks/<provider>: verify the signature on the raw body, then in ONE transaction record the
// event in the inbox (provider, provider event id) and apply it to its payment. A refused signature
// stores nothing (400); a redelivery finds its inbox row and is acknowledged without effect (200), so the
// provider stops retrying. Only a failure of ours answers 5xx, which makes the provider retry later.

export interface WebhookResponse {
  status: number;
  body: Record<string, unknown>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The event's inbox row, unless its (provider, event id) is there already: false for a redelivery. Raw,
 * since Prisma compiles a createMany's query anew on every call.
 */
async function recordEvent(tx: Tx, provider: ProviderName, event: ProviderEvent, paymentId: string | null, outcome: string, payload: Prisma.InputJsonObject): Promise<boolean> {
  const inserted = await tx.$executeRaw`
    INSERT INTO payment_webhook_events (provider, event_id, type, payment_id, provider_payment_id, outcome, payload)
    VALUES (${provider}, ${event.id}, ${event.type}, ${paymentId}::uuid, ${event.providerPaymentId}, ${outcome}, ${JSON.stringify(payload)}::jsonb)
    ON CONFLICT (provider, event_id) DO NOTHING`;
  return inserted === 1;
}

export async function receiveWebhook(
  deps: { db: Db; providers: Partial<Record<ProviderName, PaymentProvider>> },
  providerParam: string,
  rawBody: Buffer,
  headers: WebhookHeaders,
): Promise<WebhookResponse> {
  const provider = Object.hasOwn(deps.providers, providerParam) ? deps.providers[providerParam as ProviderName] : undefined;
  // An unconfigured provider (no webhook secret) accepts nothing: fail closed.
  if (!provider) return { status: 404, body: { error: "unknown-provider" } };
  const verified = provider.parseAndVerifyWebhook(rawBody, headers);
  if (!verified.ok) return { status: 400, body: { error: verified.reason, message: verified.message } };
  const event = verified.event;

  return asPlatform(deps.db, async (tx) => {
    const payload = { ...event, occurredAt: event.occurredAt.toISOString() } as unknown as Prisma.InputJsonObject;
    const ref = event.paymentRef && UUID.test(event.paymentRef) ? event.paymentRef : null;
    const signal = signalFromEvent(event);
    // The usual case, a payment event naming our payment: the payment is locked first (recording the
    // provider's id when the webhook overtook the authorize answer, which it then is the first to tell
    // us), so the inbox row can be written once with its outcome. The lock orders a duplicate delivered
    // concurrently behind this one, and its insert then finds this row: a duplicate, nothing applied.
    if (ref && event.providerPaymentId && event.kind !== "payout_paid" && event.kind !== "payout_failed") {
      // Lock, provider id and inbox row with its outcome: one statement (decision 0032).
      const locked = await lockAndRecordWebhook(tx, { id: ref, provider: provider.name }, signal, {
        provider: provider.name,
        eventId: event.id,
        type: event.type,
        providerPaymentId: event.providerPaymentId,
        payload: JSON.stringify(payload),
      });
      if (locked) {
        if (locked.recorded === null) return { status: 200, body: { received: true, duplicate: true } };
        if (locked.recorded === "applied") await applySignal(tx, locked.payment.id, signal!, locked.payment);
        return { status: 200, body: { received: true, outcome: locked.recorded } };
      }
    }
    const inserted = await recordEvent(tx, provider.name, event, null, "unmatched", payload);
    if (!inserted) return { status: 200, body: { received: true, duplicate: true } };
    if (event.kind === "payout_paid" || event.kind === "payout_failed") {
      // A payout transfer's outcome: the ledger's payouts, not a payment (decision 0028).
      const outcome = await applyPayoutEvent(tx, provider.name, event);
      await tx.paymentWebhookEvent.update({ where: { provider_eventId: { provider: provider.name, eventId: event.id } }, data: { outcome } });
      return { status: 200, body: { received: true, outcome } };
    }

    // Otherwise: our payment found by the metadata's id or by the provider's id, if at all.
    const byRef = ref ? await tx.payment.findUnique({ where: { id: ref } }) : null;
    const payment =
      (byRef && byRef.provider === provider.name ? byRef : null) ??
      (event.providerPaymentId ? await tx.payment.findFirst({ where: { provider: provider.name, providerPaymentId: event.providerPaymentId } }) : null);
    if (!payment) return { status: 200, body: { received: true, outcome: "unmatched" } };

    if (!payment.providerPaymentId && event.providerPaymentId) {
      await tx.payment.updateMany({ where: { id: payment.id, providerPaymentId: null }, data: { providerPaymentId: event.providerPaymentId } });
    }
    const applied = signal ? (await applySignal(tx, payment.id, signal)).applied : false;
    const outcome = applied ? "applied" : "ignored";
    await tx.paymentWebhookEvent.update({ where: { provider_eventId: { provider: provider.name, eventId: event.id } }, data: { paymentId: payment.id, outcome } });
    return { status: 200, body: { received: true, outcome } };
  });
}
