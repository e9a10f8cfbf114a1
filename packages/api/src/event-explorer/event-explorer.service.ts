import { asPlatform, Prisma, type Db } from "@bazaar/db";
import {
  dlqReplaysOf,
  dlqTopicName,
  kafkaTopicsOverview,
  listDlq,
  physicalTopic,
  recordDlqReplays,
  replayDlq,
  type Kafka,
  type TopicNaming,
} from "@bazaar/events";
import { NotFoundError } from "../errors";
import type { DeadLettersInput, RecentEventsInput, ReplayInput } from "./event-explorer.schema";

export interface ExplorerDeps {
  db: Db;
  kafka: Kafka;
  naming: TopicNaming;
}

/** Recent events from the outbox (published or not), newest first, filtered by type, aggregate, correlation or tenant. */
export async function recentEvents(db: Db, input: RecentEventsInput) {
  const rows = await asPlatform(db, (tx) =>
    tx.$queryRaw<{ position: bigint; event_id: string; topic: string; key: string; type: string; tenant_id: string | null; envelope: unknown; created_at: Date; published_at: Date | null }[]>(Prisma.sql`
      SELECT position, event_id::text AS event_id, topic, key, type, tenant_id::text AS tenant_id, envelope, created_at, published_at
        FROM outbox_events
       WHERE TRUE
         ${input.type ? Prisma.sql`AND type = ${input.type}` : Prisma.empty}
         ${input.aggregateId ? Prisma.sql`AND key = ${input.aggregateId}` : Prisma.empty}
         ${input.correlationId ? Prisma.sql`AND envelope->>'correlationId' = ${input.correlationId}` : Prisma.empty}
         ${input.tenantId ? Prisma.sql`AND tenant_id = ${input.tenantId}::uuid` : Prisma.empty}
         ${input.cursor ? Prisma.sql`AND position < ${input.cursor}::bigint` : Prisma.empty}
       ORDER BY position DESC
       LIMIT ${input.limit + 1}`),
  );
  const page = rows.slice(0, input.limit);
  return {
    events: page.map((r) => {
      const envelope = r.envelope as { correlationId?: string; occurredAt?: string; payload?: unknown };
      return {
        position: r.position.toString(),
        eventId: r.event_id,
        topic: r.topic,
        aggregateId: r.key,
        type: r.type,
        tenantId: r.tenant_id,
        correlationId: envelope.correlationId ?? null,
        occurredAt: envelope.occurredAt ?? null,
        payload: envelope.payload ?? null,
        createdAt: r.created_at,
        publishedAt: r.published_at,
      };
    }),
    nextCursor: rows.length > input.limit ? page[page.length - 1]!.position.toString() : null,
  };
}

/** Every registry topic (and DLQ) with its message count, and each consumer group's lag on it. */
export function topicsOverview(deps: ExplorerDeps) {
  return kafkaTopicsOverview(deps.kafka, deps.naming);
}

/** A topic's dead letters, newest first, each with whether (and when, by whom) it was replayed. */
export async function deadLetters(deps: ExplorerDeps, input: DeadLettersInput) {
  const topic = physicalTopic(input.topic, deps.naming);
  const [entries, replays] = await Promise.all([
    listDlq({ topic, kafka: deps.kafka, limit: input.limit }),
    // dlq_replays is platform infrastructure without tenant rows (like the outbox): no tenant scope to set.
    dlqReplaysOf(deps.db, dlqTopicName(topic)),
  ]);
  return entries.map((e) => {
    const replayed = replays.get(`${e.partition}:${e.offset}`);
    return { ...e, replayedAt: replayed?.replayedAt ?? null, replayedBy: replayed?.replayedBy ?? null };
  });
}

/** Sends the selected dead letters back to their topic and marks them replayed by `actorId`. */
export async function replayDeadLetters(deps: ExplorerDeps, actorId: string, input: ReplayInput) {
  const topic = physicalTopic(input.topic, deps.naming);
  const result = await replayDlq({ topic, kafka: deps.kafka, ids: input.eventIds });
  await recordDlqReplays(deps.db, result.positions, actorId, topic);
  const missing = input.eventIds.filter((id) => !result.replayed.includes(id));
  if (missing.length === input.eventIds.length) throw new NotFoundError("dead letter", { topic: input.topic, eventIds: missing });
  return { replayed: result.replayed, notFound: missing };
}
