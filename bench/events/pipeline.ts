import { createConsumer, type EventConsumer } from "../../packages/events/src/consumer";
import type { ConsumeRecord } from "../../packages/events/src/consumer-types";
import { createEventsHarness, recordEffect, recordEffects, type EventsHarness } from "../../packages/events/src/harness";
import { createPgOutboxStore } from "../../packages/events/src/outbox-store";
import { createProducer, type EventProducer } from "../../packages/events/src/producer";
import { createRelay, type OutboxRelay } from "../../packages/events/src/relay";
import { testTopics } from "../../packages/events/src/topics";

export const RELAY_BATCH = 1_000;
export const TX_EVENTS = 500;

/**
 * `batch` (default): the handler is a batch subscription writing its effect rows in one INSERT per
 * transaction, as a projection would. `single`: a plain per-event handler, one INSERT per event.
 */
export type HandlerKind = "batch" | "single";

export interface Pipeline {
  handler: HandlerKind;
  h: EventsHarness;
  partitions: number;
  /** Called for every consumer record (after commit for `handled`). */
  onRecord: ((r: ConsumeRecord, at: number) => void) | undefined;
  close(): Promise<void>;
}

/** Database, topics, one relay and one consumer group, all in this process. */
export async function startPipeline(label: string, handler: HandlerKind = "batch"): Promise<Pipeline> {
  const h = await createEventsHarness(label, { poolSize: 10 });
  const producer: EventProducer = createProducer({ kafka: h.kafka });
  await producer.connect();
  const relay: OutboxRelay = createRelay({
    store: createPgOutboxStore({ connectionString: h.database.url, onPublished: "mark" }),
    producer,
    naming: h.naming,
    batchSize: RELAY_BATCH,
    retentionMs: 0,
    ...(process.env.BENCH_RELAY_LINGER_MS ? { minPollMs: Number(process.env.BENCH_RELAY_LINGER_MS) } : {}),
  });
  relay.start();
  const pipeline: Pipeline = {
    h,
    handler,
    partitions: testTopics[0].partitions,
    onRecord: undefined,
    async close() {
      await consumer.stop();
      await relay.stop();
      await producer.disconnect();
      await h.close();
    },
  };
  const consumer: EventConsumer = createConsumer({
    groupId: `${h.prefix}bench`,
    subscriptions: { "test.ping.sent": handler === "batch" ? recordEffects("bench") : recordEffect("bench") },
    db: h.db,
    kafka: h.kafka,
    naming: h.naming,
    maxEventsPerTransaction: TX_EVENTS,
    partitionsConsumedConcurrently: testTopics[0].partitions,
    ...(process.env.BENCH_FETCH_MIN_BYTES ? { fetchMinBytes: Number(process.env.BENCH_FETCH_MIN_BYTES) } : {}),
    ...(process.env.BENCH_FETCH_WAIT_MS ? { fetchMaxWaitMs: Number(process.env.BENCH_FETCH_WAIT_MS) } : {}),
    observer: { onRecord: (r) => pipeline.onRecord?.(r, Date.now()) },
  });
  await consumer.start();
  return pipeline;
}
