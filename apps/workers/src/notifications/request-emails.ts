import type { Tx } from "@bazaar/db";
import { causedBy, enqueueMany, type DomainEvent } from "@bazaar/events";

export interface RequestedEmail {
  template: string;
  to: string;
  data: Record<string, unknown>;
  /** Stable per cause and recipient, so a redelivered cause never mails twice. */
  idempotencyKey: string;
}

/**
 * One `notifications.notification.requested` (EMAIL) per mail, caused by `cause`, through the outbox in
 * the consumer's transaction; the notifications worker renders and sends them.
 */
export function requestEmails(tx: Tx, cause: DomainEvent, mails: readonly RequestedEmail[]) {
  return enqueueMany(
    tx,
    mails.map((mail) => ({
      type: "notifications.notification.requested" as const,
      version: 1 as const,
      tenantId: cause.tenantId,
      aggregateId: mail.idempotencyKey,
      payload: { channel: "EMAIL" as const, template: mail.template, to: mail.to, data: mail.data, idempotencyKey: mail.idempotencyKey },
      ...causedBy(cause),
    })),
  );
}
