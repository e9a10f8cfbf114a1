import { randomUUID } from "node:crypto";
import type { Tx } from "@bazaar/db";
import type { Channel } from "./templates/template-catalog";

// The only code that touches notification_deliveries. Every function takes the caller's transaction,
// which carries the tenant (or platform) context the row-level-security policies check.

export type DeliveryStatus = "QUEUED" | "SENT" | "FAILED";

export interface DeliveryRow {
  id: string;
  tenantId: string | null;
  channel: Channel;
  template: string;
  recipient: string;
  status: DeliveryStatus;
  attempts: number;
  providerMessageId: string | null;
}

export interface DeliveryClaim {
  tenantId: string | null;
  channel: Channel;
  template: string;
  recipient: string;
  idempotencyKey: string;
}

const MAX_ERROR_LENGTH = 2_000;

/**
 * Creates the row for `claim.idempotencyKey` unless it exists, then locks it until the transaction ends.
 * Two concurrent sends of one key serialize here: the second sees the first's outcome (SENT) instead of
 * sending again. Returns undefined when the key exists but this context cannot see its row (another
 * tenant's key).
 */
export async function claimDelivery(tx: Tx, claim: DeliveryClaim): Promise<DeliveryRow | undefined> {
  await tx.$executeRaw`
    INSERT INTO notification_deliveries (id, tenant_id, channel, template, recipient, idempotency_key)
    VALUES (${randomUUID()}::uuid, ${claim.tenantId}::uuid, ${claim.channel}::"NotificationChannel",
            ${claim.template}, ${claim.recipient}, ${claim.idempotencyKey})
    ON CONFLICT (idempotency_key) DO NOTHING`;
  const rows = await tx.$queryRaw<DeliveryRow[]>`
    SELECT id::text AS "id", tenant_id::text AS "tenantId", channel::text AS "channel", template, recipient,
           status::text AS "status", attempts, provider_message_id AS "providerMessageId"
      FROM notification_deliveries
     WHERE idempotency_key = ${claim.idempotencyKey}
       FOR UPDATE`;
  return rows[0];
}

export function sameNotification(row: DeliveryRow, claim: DeliveryClaim): boolean {
  return (
    row.tenantId === claim.tenantId &&
    row.channel === claim.channel &&
    row.template === claim.template &&
    row.recipient === claim.recipient
  );
}

export async function markSent(tx: Tx, id: string, providerMessageId: string) {
  return tx.notificationDelivery.update({
    where: { id },
    data: { status: "SENT", attempts: { increment: 1 }, providerMessageId, sentAt: new Date(), lastError: null },
    select: { attempts: true },
  });
}

export async function markFailed(tx: Tx, id: string, error: unknown) {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return tx.notificationDelivery.update({
    where: { id },
    data: { status: "FAILED", attempts: { increment: 1 }, lastError: text.slice(0, MAX_ERROR_LENGTH) },
    select: { attempts: true },
  });
}
