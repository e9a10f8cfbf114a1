import kafkajs, { type Kafka, type Message, type Producer } from "kafkajs";
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

/**
 * An idempotent kafkajs producer: the broker drops retried duplicates of a batch, acks=all waits for
 * every in-sync replica, and one request in flight per connection keeps a retried batch from landing
 * behind the batch that followed it.
 */
export function createProducer(options: ProducerOptions = {}): EventProducer {
  const kafka = options.kafka ?? createKafka();
  const producer: Producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  return {
    connect: () => producer.connect(),
    disconnect: () => producer.disconnect(),
    async publish(messages) {
      if (messages.length === 0) return;
      const byTopic = new Map<string, Message[]>();
      for (const m of messages) {
        let list = byTopic.get(m.topic);
        if (!list) byTopic.set(m.topic, (list = []));
        list.push({ key: m.key, value: m.value, headers: m.headers });
      }
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })),
      });
    },
  };
}
