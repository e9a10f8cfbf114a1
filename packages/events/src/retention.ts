import type { Db } from "@bazaar/db";
import { topicRegistry } from "./topics";

const DAY = 86_400_000;

/**
 * How long inbox rows are kept: longer than any topic (or DLQ) keeps its messages, plus a week, so a
 * message Kafka can still deliver or an operator can still replay always finds its inbox row and is
 * recognised as a duplicate.
 */
export const INBOX_RETENTION_MS = Math.max(...topicRegistry.map((t) => t.retentionMs)) + 7 * DAY;

/** Published outbox rows are only kept for the event explorer and debugging. */
export const OUTBOX_RETENTION_MS = 7 * DAY;

/** Deletes inbox rows processed before `cutoff`, oldest first, at most `limit`; returns how many. */
export async function purgeInboxBefore(db: Db, cutoff: Date, limit = 5_000): Promise<number> {
  return db.$executeRaw`
    DELETE FROM inbox_events WHERE (consumer_group, event_id) IN (
      SELECT consumer_group, event_id FROM inbox_events WHERE processed_at < ${cutoff} ORDER BY processed_at LIMIT ${limit}
    )`;
}

/** Deletes outbox rows published before `cutoff` (never unpublished ones), at most `limit`; returns how many. */
export async function purgePublishedOutboxBefore(db: Db, cutoff: Date, limit = 5_000): Promise<number> {
  return db.$executeRaw`
    DELETE FROM outbox_events WHERE position IN (
      SELECT position FROM outbox_events
       WHERE published_at IS NOT NULL AND published_at < ${cutoff} ORDER BY published_at LIMIT ${limit}
    )`;
}
