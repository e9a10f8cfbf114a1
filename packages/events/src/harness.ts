// Shared set-up for this package's integration tests and bench/events: a fresh database with a
// `test_effects` table, run-unique Kafka topics, and the clients built on them. Not part of the API.
import { Prisma, createDb, type Db } from "@bazaar/db";
import { createTestDatabase, ownerPool, type TestDatabase } from "@bazaar/db/testing";
import { createLogger, type Logger } from "@bazaar/observability";
import type { Kafka } from "kafkajs";
import type pg from "pg";
import { createConsumer, type EventConsumer } from "./consumer";
import type { BatchSubscription, ConsumerObserver, HandlerContext } from "./consumer-types";
import type { EventOf } from "./contracts/registry";
import { createKafka } from "./kafka";
import { createPgOutboxStore } from "./outbox-store";
import type { EventProducer } from "./producer";
import { createRelay, type OutboxRelay, type RelayOptions } from "./relay";
import { deleteTopicsWithPrefix, provisionTestTopics, uniqueTopicPrefix, waitUntil } from "./testing";
import { physicalTopic, type TopicNaming } from "./topics";

export interface EventsHarness {
  prefix: string;
  /** Errors only: tests provoke retries and DLQ moves on purpose; their warnings would drown the output. */
  logger: Logger;
  naming: TopicNaming;
  /** Physical name of `test.events` for this run. */
  topic: string;
  kafka: Kafka;
  database: TestDatabase;
  db: Db;
  /** A query as the database owner (past row-level security), for assertions and set-up. */
  ownerQuery<R extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  /** `keepTopics` for a cluster that is discarded anyway (deleting topics needs every broker up). */
  close(options?: { keepTopics?: boolean }): Promise<void>;
}

/**
 * `test_effects` is what test handlers write: one row per handler run, with no unique constraint, so a
 * handler that ran twice for one event shows up as two rows.
 */
const EFFECTS_DDL = `
  CREATE TABLE test_effects (
    id           bigserial PRIMARY KEY,
    consumer     text NOT NULL,
    event_id     uuid NOT NULL,
    aggregate_id text NOT NULL,
    seq          integer NOT NULL,
    occurred_at  timestamptz NOT NULL,
    handled_at   timestamptz NOT NULL DEFAULT clock_timestamp()
  );
  CREATE INDEX test_effects_event_idx ON test_effects (event_id);`;

export async function createEventsHarness(
  label: string,
  options: { poolSize?: number; brokers?: string[] } = {},
): Promise<EventsHarness> {
  const prefix = uniqueTopicPrefix(label);
  const logger = createLogger(`it-${label}`, { level: "error" });
  const kafka = createKafka({ clientId: `it-${label}`, logger, brokers: options.brokers });
  await provisionTestTopics(kafka, prefix);
  const database = await createTestDatabase(`events_${label.replace(/[^a-z0-9]/g, "_")}`);
  // Tests observe every row: outbox_events and inbox_events have forced RLS (20261201140600), which binds
  // the owner role too, so its sessions run in platform context.
  const owner = ownerPool(database.ownerUrl, 2);
  await owner.query(EFFECTS_DDL);
  const db = createDb({ url: database.url, poolSize: options.poolSize ?? 8, applicationName: `it-${label}` });
  return {
    prefix,
    logger,
    naming: { prefix },
    topic: physicalTopic("test.events", { prefix }),
    kafka,
    database,
    db,
    async ownerQuery<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) {
      return (await owner.query<R>(sql, params)).rows;
    },
    async close(closeOptions = {}) {
      await db.$disconnect();
      // A backend lingers for a moment after its client hung up, and DROP DATABASE ... WITH (FORCE) run by
      // the owner may not terminate the runtime role's backends: wait for them to go.
      await waitUntil(
        async () =>
          (await owner.query("SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND usename <> current_user", [database.name]))
            .rowCount === 0,
        { timeoutMs: 15_000, description: `sessions on ${database.name} to close` },
      );
      await owner.end();
      await database.drop();
      if (!closeOptions.keepTopics) await deleteTopicsWithPrefix(kafka, prefix);
    },
  };
}

/** A `test.ping.sent` handler that writes one `test_effects` row per run, tagged with `consumer`. */
export function recordEffect(consumer: string) {
  return async (event: EventOf<"test.ping.sent">, { tx }: HandlerContext): Promise<void> => {
    await tx.$executeRaw`
      INSERT INTO test_effects (consumer, event_id, aggregate_id, seq, occurred_at)
      VALUES (${consumer}, ${event.id}::uuid, ${event.aggregate.id}, ${event.payload.seq}, ${event.occurredAt}::timestamptz)`;
  };
}

/** `recordEffect` as a batch subscription: one INSERT for a whole run of events. */
export function recordEffects(consumer: string): BatchSubscription<"test.ping.sent"> {
  return {
    async batch(events, { tx }) {
      await tx.$executeRaw(Prisma.sql`
        INSERT INTO test_effects (consumer, event_id, aggregate_id, seq, occurred_at)
        SELECT ${consumer}, e.id, e.aggregate_id, e.seq, e.occurred_at
          FROM unnest(${events.map((e) => e.id)}::uuid[], ${events.map((e) => e.aggregate.id)}::text[],
                      ${events.map((e) => e.payload.seq)}::int[], ${events.map((e) => e.occurredAt)}::timestamptz[])
               WITH ORDINALITY AS e(id, aggregate_id, seq, occurred_at, n)
         ORDER BY e.n`);
    },
  };
}

/** A started consumer of `test.ping.sent` in group `<prefix><group>` that records one effect per event. */
export async function startEffectsConsumer(
  h: EventsHarness,
  group: string,
  observer: ConsumerObserver,
  options: { batch?: boolean } = {},
): Promise<EventConsumer> {
  const consumer = createConsumer({
    groupId: `${h.prefix}${group}`,
    subscriptions: { "test.ping.sent": options.batch ? recordEffects(group) : recordEffect(group) },
    db: h.db,
    kafka: h.kafka,
    naming: h.naming,
    logger: h.logger,
    observer,
  });
  await consumer.start();
  return consumer;
}

/** A started relay over the harness database and topics. */
export function startHarnessRelay(h: EventsHarness, producer: EventProducer, options: Partial<RelayOptions> = {}): OutboxRelay {
  const relay = createRelay({
    store: createPgOutboxStore({ connectionString: h.database.url }),
    producer,
    naming: h.naming,
    logger: h.logger,
    ...options,
  });
  relay.start();
  return relay;
}

export interface EffectSummary {
  rows: number;
  distinctEvents: number;
  /** Per aggregate, the `seq` values in the order their effects were committed. */
  seqsByAggregate: Map<string, number[]>;
}

export async function effectSummary(h: EventsHarness, consumer: string): Promise<EffectSummary> {
  const [counts] = await h.ownerQuery<{ rows: string; distinct_events: string }>(
    "SELECT count(*) AS rows, count(DISTINCT event_id) AS distinct_events FROM test_effects WHERE consumer = $1",
    [consumer],
  );
  const seqs = await h.ownerQuery<{ aggregate_id: string; seqs: number[] }>(
    "SELECT aggregate_id, array_agg(seq ORDER BY id) AS seqs FROM test_effects WHERE consumer = $1 GROUP BY aggregate_id",
    [consumer],
  );
  return {
    rows: Number(counts!.rows),
    distinctEvents: Number(counts!.distinct_events),
    seqsByAggregate: new Map(seqs.map((r) => [r.aggregate_id, r.seqs])),
  };
}

// bench/events lives outside any package and resolves modules only through this package's files.
export { createDb } from "@bazaar/db";
export { createLogger } from "@bazaar/observability";
