import type { Kafka } from "kafkajs";
import { physicalTopic, topicRegistry, type TopicNaming } from "./topics";

// Groups that only exist for a moment (DLQ scans, test collectors) are not worth showing.
const TRANSIENT_GROUP = /(^|\.)(dlq-scan|dlq-replay|it\.collect)\./;

/** Every registry topic (and DLQ) with its message count, and each consumer group's lag on it. */
export async function kafkaTopicsOverview(kafka: Kafka, naming: TopicNaming) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const topics = topicRegistry.map((t) => ({ logical: t.name, physical: physicalTopic(t.name, naming) })).filter((t) => existing.has(t.physical));
    const ends = new Map<string, Map<number, bigint>>();
    for (const t of topics) {
      const offsets = await admin.fetchTopicOffsets(t.physical);
      ends.set(t.physical, new Map(offsets.map((o) => [o.partition, BigInt(o.high)])));
    }
    const { groups } = await admin.listGroups();
    const lagByTopic = new Map<string, { groupId: string; lag: string }[]>();
    for (const g of groups.filter((g) => g.groupId.startsWith(naming.prefix) && !TRANSIENT_GROUP.test(g.groupId))) {
      const committed = await admin.fetchOffsets({ groupId: g.groupId, topics: topics.map((t) => t.physical) });
      for (const c of committed) {
        const end = ends.get(c.topic);
        if (!end || c.partitions.every((p) => p.offset === "-1")) continue;
        const lag = c.partitions.reduce((sum, p) => sum + ((end.get(p.partition) ?? 0n) - (p.offset === "-1" ? 0n : BigInt(p.offset))), 0n);
        const list = lagByTopic.get(c.topic) ?? [];
        list.push({ groupId: g.groupId, lag: lag.toString() });
        lagByTopic.set(c.topic, list);
      }
    }
    return topics.map((t) => ({
      topic: t.logical,
      partitions: ends.get(t.physical)!.size,
      messages: [...ends.get(t.physical)!.values()].reduce((a, b) => a + b, 0n).toString(),
      consumerGroups: lagByTopic.get(t.physical) ?? [],
    }));
  } finally {
    await admin.disconnect();
  }
}

