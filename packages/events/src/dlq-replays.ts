import { Prisma, type Db } from "@bazaar/db";
import type { DlqPosition } from "./dlq";

/** Marks DLQ messages as replayed by `actor`; a message replayed before keeps its first mark. */
export async function recordDlqReplays(db: Db, positions: readonly DlqPosition[], actor: string): Promise<void> {
  if (positions.length === 0) return;
  await db.$executeRaw(Prisma.sql`
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
