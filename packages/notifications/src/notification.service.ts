import { randomUUID } from "node:crypto";
import { asPlatform, withTenant, type Db, type Tx } from "@bazaar/db";
import { createLogger, metrics, type Logger } from "@bazaar/observability";
import { z } from "zod";
import { claimDelivery, markFailed, markSent, sameNotification, type DeliveryClaim } from "./delivery-log";
import { DeliveryFailedError, IdempotencyConflictError, InvalidNotificationRequestError, InvalidRecipientError } from "./errors";
import type { Channel, ChannelOf, TemplateData, TemplateName } from "./templates/template-catalog";
import type { RenderedMessage, TemplateRenderer } from "./templates/template-renderer";
import type { EmailTransport } from "./transports/email.transport";
import type { SmsProvider } from "./transports/sms.provider";

export interface SendRequest<T extends TemplateName = TemplateName> {
  /** The tenant the notification belongs to; null for mail about a user's own account. */
  tenantId: string | null;
  channel: ChannelOf<T>;
  template: T;
  /** An email address (EMAIL) or an E.164 phone number (SMS). */
  to: string;
  data: TemplateData<T>;
  /** Same key, same notification: once SENT, sending it again does nothing. Default: a new UUID. */
  idempotencyKey?: string | undefined;
  locale?: string | undefined;
}

/** A request whose template, channel and data have not been type-checked (an event payload). */
export interface UntypedSendRequest {
  tenantId: string | null;
  channel: Channel;
  template: string;
  to: string;
  data: unknown;
  idempotencyKey?: string | undefined;
  locale?: string | undefined;
}

export interface SendResult {
  deliveryId: string;
  status: "SENT";
  /** True when this key had already been sent and nothing went out now. */
  deduplicated: boolean;
  attempts: number;
  providerMessageId: string;
}

export interface NotificationService {
  /**
   * Renders, sends and logs one notification. Throws TemplateDataError / InvalidRecipientError /
   * UnknownTemplateError / ChannelNotSupportedError before writing anything; IdempotencyConflictError
   * when the key belongs to a different notification; DeliveryFailedError (after logging FAILED) when
   * the provider fails, in which case the same request may be sent again.
   */
  send<T extends TemplateName>(request: SendRequest<T>): Promise<SendResult>;
  sendUntyped(request: UntypedSendRequest): Promise<SendResult>;
}

export interface NotificationServiceDeps {
  db: Db;
  renderer: TemplateRenderer;
  email: EmailTransport;
  sms: SmsProvider;
  logger?: Logger;
  /**
   * The delivery row stays locked while the provider is called (that lock is what stops a concurrent
   * duplicate), so this must exceed the provider's own timeout and stay under the server's
   * idle_in_transaction_session_timeout (60 s).
   */
  transactionTimeoutMs?: number;
}

export const E164 = /^\+[1-9]\d{6,14}$/;
const emailAddress = z.email();
const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

const notificationMetrics = () =>
  metrics.counter<"channel" | "template" | "outcome">({
    name: "bazaar_notifications_total",
    help: "Notification sends by outcome (sent, deduplicated, failed, rejected)",
    labelNames: ["channel", "template", "outcome"],
  });

function normalizeRecipient(channel: Channel, to: string): string {
  const trimmed = to.trim();
  if (channel === "SMS") {
    if (!E164.test(trimmed)) throw new InvalidRecipientError(channel, to);
    return trimmed;
  }
  const lower = trimmed.toLowerCase();
  if (!emailAddress.safeParse(lower).success) throw new InvalidRecipientError(channel, to);
  return lower;
}

function idempotencyKeyOf(key: string | undefined): string {
  if (key === undefined) return randomUUID();
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new InvalidNotificationRequestError("idempotencyKey", `1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`);
  }
  return key;
}

export function createNotificationService(deps: NotificationServiceDeps): NotificationService {
  const { db, renderer } = deps;
  const logger = deps.logger ?? createLogger("notifications");
  const txOptions = { timeout: deps.transactionTimeoutMs ?? 45_000, maxWait: 10_000 };
  const counter = notificationMetrics();

  const inContext = <R>(tenantId: string | null, fn: (tx: Tx) => Promise<R>) =>
    tenantId === null ? asPlatform(db, fn, txOptions) : withTenant(db, tenantId, fn, txOptions);

  async function deliver(message: RenderedMessage, to: string, headers: Record<string, string>) {
    if (message.channel === "SMS") return deps.sms.send({ to, body: message.text });
    return deps.email.send({ to, subject: message.subject, text: message.text, html: message.html, headers });
  }

  async function sendUntyped(request: UntypedSendRequest): Promise<SendResult> {
    const labels = { channel: request.channel, template: request.template };
    let claim: DeliveryClaim;
    let message: RenderedMessage;
    try {
      // Everything that can be wrong with the request is found before the first write.
      message = renderer.renderUnknown(request);
      claim = {
        tenantId: request.tenantId === null ? null : request.tenantId.toLowerCase(),
        channel: request.channel,
        template: request.template,
        recipient: normalizeRecipient(request.channel, request.to),
        idempotencyKey: idempotencyKeyOf(request.idempotencyKey),
      };
    } catch (error) {
      counter.inc({ ...labels, outcome: "rejected" });
      throw error;
    }

    const outcome = await inContext(claim.tenantId, async (tx) => {
      const row = await claimDelivery(tx, claim);
      if (!row || !sameNotification(row, claim)) throw new IdempotencyConflictError(claim.idempotencyKey);
      if (row.status === "SENT") {
        return { kind: "duplicate" as const, id: row.id, attempts: row.attempts, providerMessageId: row.providerMessageId ?? "" };
      }
      try {
        const headers = { "X-Bazaar-Delivery-Id": row.id, "X-Bazaar-Template": claim.template };
        const { providerMessageId } = await deliver(message, claim.recipient, headers);
        const { attempts } = await markSent(tx, row.id, providerMessageId);
        return { kind: "sent" as const, id: row.id, attempts, providerMessageId };
      } catch (error) {
        // Recorded, committed, then thrown: the FAILED row must survive for the retry to count attempts.
        const { attempts } = await markFailed(tx, row.id, error);
        return { kind: "failed" as const, id: row.id, attempts, error };
      }
    });

    const log = { deliveryId: outcome.id, template: claim.template, channel: claim.channel, tenantId: claim.tenantId, attempts: outcome.attempts };
    if (outcome.kind === "failed") {
      counter.inc({ ...labels, outcome: "failed" });
      logger.warn("notification delivery failed", { ...log, error: outcome.error });
      throw new DeliveryFailedError(outcome.id, outcome.attempts, { cause: outcome.error });
    }
    counter.inc({ ...labels, outcome: outcome.kind === "sent" ? "sent" : "deduplicated" });
    logger.info(outcome.kind === "sent" ? "notification sent" : "notification already sent; skipped", log);
    return {
      deliveryId: outcome.id,
      status: "SENT",
      deduplicated: outcome.kind === "duplicate",
      attempts: outcome.attempts,
      providerMessageId: outcome.providerMessageId,
    };
  }

  return {
    send: (request) => sendUntyped(request),
    sendUntyped,
  };
}
