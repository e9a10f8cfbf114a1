import type { IHeaders, Kafka, KafkaMessage } from "kafkajs";
import { createKafka } from "./kafka";
import { createProducer, type EventProducer, type OutboundMessage } from "./producer";
import { scanDlq } from "./dlq-scan";
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
  /** Where each replayed message sits in the DLQ, to mark it replayed. */
  positions: DlqPosition[];
}

export interface DlqPosition {
  dlqTopic: string;
  partition: number;
  offset: string;
  eventId: string | null;
}

export function eventIdOf(message: KafkaMessage): string | undefined {
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
  const result: ReplayDlqResult = { scanned: 0, replayed: [], positions: [] };
  const ownProducer = !options.producer;
  const producer = options.producer ?? createProducer({ kafka });
  if (ownProducer) await producer.connect();
  try {
    await scanDlq(kafka, dlq, options.timeoutMs ?? 60_000, async (partition, messages) => {
      const out: OutboundMessage[] = [];
      for (const message of messages) {
        result.scanned++;
        const id = eventIdOf(message);
        if (wanted && !(id && wanted.has(id))) continue;
        const headers = plainHeaders(message.headers);
        for (const h of DLQ_HEADER_NAMES) delete headers[h];
        headers[DLQ_HEADERS.replayedFrom] = `${dlq}:${partition}:${message.offset}`;
        out.push({
          topic: headerText(message.headers, DLQ_HEADERS.originalTopic) ?? options.topic,
          key: message.key?.toString() ?? "",
          value: message.value ?? Buffer.alloc(0),
          headers,
        });
        result.replayed.push(id ?? `${partition}:${message.offset}`);
        result.positions.push({ dlqTopic: dlq, partition, offset: message.offset, eventId: id ?? null });
      }
      await producer.publish(out);
    });
    return result;
  } finally {
    if (ownProducer) await producer.disconnect();
  }
}
