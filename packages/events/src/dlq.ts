import { randomUUID } from "node:crypto";
import type { IHeaders, Kafka, KafkaMessage } from "kafkajs";
import { createKafka } from "./kafka";
import { createProducer, type EventProducer, type OutboundMessage } from "./producer";
import { dlqTopicName, isDlqTopic } from "./topics";

export const DLQ_HEADERS = {
  error: "x-error",
  attempts: "x-attempts",
  originalTopic: "x-original-topic",
  originalPartition: "x-original-partition",
  originalOffset: "x-original-offset",
  consumerGroup: "x-consumer-group",
  failedAt: "x-failed-at",
  replayedFrom: "x-replayed-from",
} as const;

const DLQ_HEADER_NAMES = new Set<string>(Object.values(DLQ_HEADERS));
const MAX_ERROR_LENGTH = 2_000;

export interface DeadLetter {
  topic: string;
  partition: number;
  message: KafkaMessage;
  groupId: string;
  error: string;
  attempts: number;
}

/** Copies kafkajs headers into the string/Buffer map a producer takes (kafkajs allows arrays on read). */
export function plainHeaders(headers: IHeaders | undefined): Record<string, string | Buffer> {
  const out: Record<string, string | Buffer> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? (v[v.length - 1] ?? "") : v;
  }
  return out;
}

export function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const v = headers?.[name];
  if (v === undefined) return undefined;
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  return last === undefined ? undefined : last.toString();
}

/** The DLQ record for a failed message: same key and value, original headers plus the failure's. */
export function deadLetterMessage(d: DeadLetter): OutboundMessage {
  return {
    topic: dlqTopicName(d.topic),
    key: d.message.key?.toString() ?? "",
    value: d.message.value ?? Buffer.alloc(0),
    headers: {
      ...plainHeaders(d.message.headers),
      [DLQ_HEADERS.error]: d.error.slice(0, MAX_ERROR_LENGTH),
      [DLQ_HEADERS.attempts]: String(d.attempts),
      [DLQ_HEADERS.originalTopic]: d.topic,
      [DLQ_HEADERS.originalPartition]: String(d.partition),
      [DLQ_HEADERS.originalOffset]: d.message.offset,
      [DLQ_HEADERS.consumerGroup]: d.groupId,
      [DLQ_HEADERS.failedAt]: new Date().toISOString(),
    },
  };
}

export interface ReplayDlqOptions {
  /** The original (physical) topic whose `<topic>.dlq` is replayed. */
  topic: string;
  /** Only these event ids (envelope `id`); all messages when omitted. */
  ids?: readonly string[];
  kafka?: Kafka;
  producer?: EventProducer;
  /** Give up if the DLQ cannot be read to its end in this time. Default 60 s. */
  timeoutMs?: number;
}

export interface ReplayDlqResult {
  /** Messages read from the DLQ (up to its end when the replay started). */
  scanned: number;
  /** Event ids (or `partition:offset` for a value without an id) re-published to the original topic. */
  replayed: string[];
}

function eventIdOf(message: KafkaMessage): string | undefined {
  const fromHeader = headerText(message.headers, "x-event-id");
  if (fromHeader) return fromHeader;
  try {
    const id = (JSON.parse(message.value?.toString("utf8") ?? "") as { id?: unknown }).id;
    return typeof id === "string" ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Re-publishes DLQ messages to the topic they failed on (same key, value and trace headers, failure
 * headers dropped, `x-replayed-from` added). Reads the DLQ from its start to the end it had when called,
 * through a throw-away consumer group. A replayed event that was never handled is processed normally;
 * one already handled is absorbed by the inbox.
 */
export async function replayDlq(options: ReplayDlqOptions): Promise<ReplayDlqResult> {
  if (isDlqTopic(options.topic)) throw new Error(`pass the original topic, not the DLQ (${options.topic})`);
  const kafka = options.kafka ?? createKafka();
  const dlq = dlqTopicName(options.topic);
  const wanted = options.ids ? new Set(options.ids) : undefined;
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `bazaar.dlq-replay.${randomUUID()}`;
  try {
    const ends = new Map<number, bigint>();
    for (const p of await admin.fetchTopicOffsets(dlq)) {
      if (BigInt(p.high) > BigInt(p.low)) ends.set(p.partition, BigInt(p.high));
    }
    const result: ReplayDlqResult = { scanned: 0, replayed: [] };
    if (ends.size === 0) return result;

    const ownProducer = !options.producer;
    const producer = options.producer ?? createProducer({ kafka });
    if (ownProducer) await producer.connect();
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [dlq], fromBeginning: true });
      const remaining = new Set(ends.keys());
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`DLQ replay of ${dlq} did not reach the end in time`)),
          options.timeoutMs ?? 60_000,
        );
        consumer
          .run({
            eachBatchAutoResolve: false,
            eachBatch: async ({ batch, resolveOffset }) => {
              const end = ends.get(batch.partition);
              if (end === undefined) return;
              const out: OutboundMessage[] = [];
              for (const message of batch.messages) {
                if (BigInt(message.offset) >= end) break;
                result.scanned++;
                const id = eventIdOf(message);
                if (!wanted || (id && wanted.has(id))) {
                  const headers = plainHeaders(message.headers);
                  for (const h of DLQ_HEADER_NAMES) delete headers[h];
                  headers[DLQ_HEADERS.replayedFrom] = `${dlq}:${batch.partition}:${message.offset}`;
                  out.push({
                    topic: headerText(message.headers, DLQ_HEADERS.originalTopic) ?? options.topic,
                    key: message.key?.toString() ?? "",
                    value: message.value ?? Buffer.alloc(0),
                    headers,
                  });
                  result.replayed.push(id ?? `${batch.partition}:${message.offset}`);
                }
                resolveOffset(message.offset);
              }
              await producer.publish(out);
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
      return result;
    } finally {
      await consumer.disconnect();
      if (ownProducer) await producer.disconnect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
  } finally {
    await admin.disconnect();
  }
}
