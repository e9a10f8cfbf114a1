import { Prisma, type Db, type Tx } from "@bazaar/db";
import type { DlqPosition } from "./dlq";
import { enqueue } from "./outbox";

/**
 * Marks DLQ messages as replayed by `actor` (a message replayed before keeps its first mark) and
 * announces the replay for the audit log, in one transaction.
 */
export async function recordDlqReplays(db: Db, positions: readonly DlqPosition[], actor: string, topic: string): Promise<void> {
  if (positions.length === 0) return;
  await db.$transaction(async (tx) => {
    await markReplayed(tx, positions, actor);
    await enqueue(tx, {
      type: "audit.dead-letters.replayed",
      version: 1,
      tenantId: null,
      aggregateId: positions[0]!.dlqTopic,
      payload: {
        topic,
        dlqTopic: positions[0]!.dlqTopic,
        eventIds: positions.flatMap((p) => (p.eventId ? [p.eventId] : [])),
        actorId: actor,
      },
    });
  });
}

async function markReplayed(tx: Tx, positions: readonly DlqPosition[], actor: string): Promise<void> {
  await tx.$executeRaw(Prisma.sql`
    INSERT INTO dlq_replays (dlq_topic, partition, "offset", event_id, replayed_by)
    SELECT p.topic, p.partition, p.off, p.event_id, ${actor}
      FROM unnest(${positions.map((p) => p.dlqTopic)}::text[], ${positions.map((p) => p.partition)}::int[],
                  ${positions.map((p) => p.offset)}::text[], ${positions.map((p) => p.eventId)}::uuid[])
           AS p(topic, partition, off, event_id)
    ON CONFLICT DO NOTHING`);
}

/** When each message of `dlqTopic` was first replayed, keyed `partition:offset`. */
export async function dlqReplaysOf(db: Db, dlqTopic: string): Promise<Map<string, { replayedAt: Date; replayedBy: string }>> {
  const rows = await db.dlqReplay.findMany({ where: { dlqTopic }, select: { partition: true, offset: true, replayedAt: true, replayedBy: true } });
  return new Map(rows.map((r) => [`${r.partition}:${r.offset}`, { replayedAt: r.replayedAt, replayedBy: r.replayedBy }]));
}
