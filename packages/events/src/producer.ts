import kafkajs, { type Admin, type Kafka, type Message, type PartitionMetadata, type Producer } from "kafkajs";
import { createKafka } from "./kafka";

const { Partitioners } = kafkajs;

/** One record as it goes on the wire; `topic` is the physical name. */
export interface OutboundMessage {
  topic: string;
  /** The aggregate id: Kafka's partitioner keeps one aggregate's events in one partition, in order. */
  key: string;
  value: string | Buffer;
  headers: Record<string, string | Buffer>;
}

export interface EventProducer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /**
   * Sends the messages in one produce request per broker, keeping their order within each partition.
   * Only the outbox relay and the DLQ paths call this: request handlers enqueue into the outbox instead,
   * so an event is never sent for a transaction that rolled back.
   */
  publish(messages: readonly OutboundMessage[]): Promise<void>;
}

export interface ProducerOptions {
  kafka?: Kafka;
}

/** How long a topic's partition list is trusted before it is read again (partitions are only ever added). */
const METADATA_TTL_MS = 30_000;

/**
 * An idempotent kafkajs producer: the broker drops retried duplicates of a batch, acks=all waits for
 * every in-sync replica, and one request in flight per connection keeps a retried batch from landing
 * behind the batch that followed it.
 *
 * Messages are sent with one `send` per partition rather than one `sendBatch` for all: kafkajs 2.2.4's
 * retry after a leader failover skips a partition whose new leader already answered for other
 * partitions of the same call, and reports success for messages it never wrote (seen on the
 * three-broker cluster: replication.int.test.ts). With one partition per call there is nothing to skip.
 * The partition is computed here with kafkajs' own default partitioner, so keys map as before.
 */
export function createProducer(options: ProducerOptions = {}): EventProducer {
  const kafka = options.kafka ?? createKafka();
  const producer: Producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const admin: Admin = kafka.admin();
  const partitioner = Partitioners.DefaultPartitioner();
  const metadata = new Map<string, { partitions: PartitionMetadata[]; at: number }>();

  async function partitionsOf(topics: readonly string[]): Promise<Map<string, PartitionMetadata[]>> {
    const now = Date.now();
    const stale = topics.filter((t) => (metadata.get(t)?.at ?? -Infinity) < now - METADATA_TTL_MS);
    if (stale.length > 0) {
      const { topics: fetched } = await admin.fetchTopicMetadata({ topics: stale });
      for (const t of fetched) metadata.set(t.name, { partitions: t.partitions, at: now });
    }
    return new Map(topics.map((t) => [t, metadata.get(t)!.partitions]));
  }

  return {
    async connect() {
      await producer.connect();
      await admin.connect();
    },
    async disconnect() {
      await admin.disconnect();
      await producer.disconnect();
    },
    async publish(messages) {
      if (messages.length === 0) return;
      const partitions = await partitionsOf([...new Set(messages.map((m) => m.topic))]);
      const byPartition = new Map<string, { topic: string; messages: Message[] }>();
      for (const m of messages) {
        const message: Message = { key: m.key, value: m.value, headers: m.headers };
        const partition = partitioner({ topic: m.topic, partitionMetadata: partitions.get(m.topic)!, message });
        const id = `${m.topic}\0${partition}`;
        let group = byPartition.get(id);
        if (!group) byPartition.set(id, (group = { topic: m.topic, messages: [] }));
        group.messages.push({ ...message, partition });
      }
      // In parallel across partitions; each partition's messages stay in one request, in order.
      await Promise.all([...byPartition.values()].map((g) => producer.send({ acks: -1, topic: g.topic, messages: g.messages })));
    },
  };
}
