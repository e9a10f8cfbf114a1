import type { Kafka } from "kafkajs";
import { DLQ_HEADERS, eventIdOf, headerText } from "./dlq";
import { scanDlq } from "./dlq-scan";
import { createKafka } from "./kafka";
import { dlqTopicName, isDlqTopic } from "./topics";

/** One dead letter as an operator sees it. */
export interface DlqEntry {
  dlqTopic: string;
  partition: number;
  offset: string;
  eventId: string | null;
  type: string | null;
  key: string | null;
  error: string | null;
  attempts: number | null;
  consumerGroup: string | null;
  originalTopic: string | null;
  failedAt: string | null;
}

export interface ListDlqOptions {
  /** The original (physical) topic whose `<topic>.dlq` is read. */
  topic: string;
  kafka?: Kafka;
  /** The newest entries kept; default 200. */
  limit?: number;
  timeoutMs?: number;
}

/** The DLQ of `topic`, newest entries first, without consuming it (a throw-away group reads it). */
export async function listDlq(options: ListDlqOptions): Promise<DlqEntry[]> {
  if (isDlqTopic(options.topic)) throw new Error(`pass the original topic, not the DLQ (${options.topic})`);
  const kafka = options.kafka ?? createKafka();
  const dlq = dlqTopicName(options.topic);
  const limit = options.limit ?? 200;
  const entries: DlqEntry[] = [];
  await scanDlq(kafka, dlq, options.timeoutMs ?? 60_000, async (partition, messages) => {
    for (const m of messages) {
      const attempts = Number(headerText(m.headers, DLQ_HEADERS.attempts));
      entries.push({
        dlqTopic: dlq,
        partition,
        offset: m.offset,
        eventId: eventIdOf(m) ?? null,
        type: headerText(m.headers, "x-event-type") ?? null,
        key: m.key?.toString() ?? null,
        error: headerText(m.headers, DLQ_HEADERS.error) ?? null,
        attempts: Number.isFinite(attempts) ? attempts : null,
        consumerGroup: headerText(m.headers, DLQ_HEADERS.consumerGroup) ?? null,
        originalTopic: headerText(m.headers, DLQ_HEADERS.originalTopic) ?? null,
        failedAt: headerText(m.headers, DLQ_HEADERS.failedAt) ?? null,
      });
    }
  });
  entries.sort((a, b) => (b.failedAt ?? "").localeCompare(a.failedAt ?? "") || Number(BigInt(b.offset) - BigInt(a.offset)));
  return entries.slice(0, limit);
}
