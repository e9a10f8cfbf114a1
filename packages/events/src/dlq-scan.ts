import { randomUUID } from "node:crypto";
import type { Kafka, KafkaMessage } from "kafkajs";

/**
 * Reads `dlq` (a physical topic) from its start to the end it had when called, through a throw-away
 * consumer group, handing each partition's messages to `visit` in offset order. Rejects if the end is
 * not reached within `timeoutMs`.
 */
export async function scanDlq(
  kafka: Kafka,
  dlq: string,
  timeoutMs: number,
  visit: (partition: number, messages: KafkaMessage[]) => Promise<void>,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `bazaar.dlq-scan.${randomUUID()}`;
  try {
    const ends = new Map<number, bigint>();
    for (const p of await admin.fetchTopicOffsets(dlq)) {
      if (BigInt(p.high) > BigInt(p.low)) ends.set(p.partition, BigInt(p.high));
    }
    if (ends.size === 0) return;
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [dlq], fromBeginning: true });
      const remaining = new Set(ends.keys());
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`reading ${dlq} did not reach its end within ${timeoutMs} ms`)), timeoutMs);
        consumer
          .run({
            eachBatchAutoResolve: false,
            eachBatch: async ({ batch, resolveOffset }) => {
              const end = ends.get(batch.partition);
              if (end === undefined || !remaining.has(batch.partition)) return;
              const messages = batch.messages.filter((m) => BigInt(m.offset) < end);
              await visit(batch.partition, messages);
              for (const m of messages) resolveOffset(m.offset);
              const last = batch.messages[batch.messages.length - 1];
              if (last && BigInt(last.offset) >= end - 1n) {
                remaining.delete(batch.partition);
                if (remaining.size === 0) {
                  clearTimeout(timer);
                  resolve();
                }
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
  } finally {
    await admin.disconnect();
  }
}
