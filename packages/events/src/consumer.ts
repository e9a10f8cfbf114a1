import type { Db } from "@bazaar/db";
import { createLogger, type Logger } from "@bazaar/observability";
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from "kafkajs";
import {
  backoffDelay,
  type BackoffOptions,
  type ConsumeRecord,
  type ConsumerObserver,
  type Subscription,
  type Subscriptions,
} from "./consumer-types";
import { parseEventJson, type ParseResult } from "./contracts/parse";
import { eventContracts, type DomainEvent, type EventType } from "./contracts/registry";
import { deadLetterMessage } from "./dlq";
import { eventsEnv } from "./env";
import { HandlerFailed, handleInTransaction, type Item } from "./consumer-tx";
import { createKafka } from "./kafka";
import { consumerMetrics } from "./metrics";
import { createProducer, type EventProducer } from "./producer";
import { physicalTopic, type TopicNaming } from "./topics";

/**
 * Turns one Kafka message into an event of the registry. The default reads our envelope as JSON; a topic
 * whose producer is not our outbox (Debezium's change events on `inventory.cdc`) supplies an adapter that
 * maps the foreign message onto an envelope with a stable id, so inbox dedup, retries and the DLQ work
 * for it unchanged. A message it cannot map is `{ ok: false }` and goes to the DLQ.
 */
export type MessageDecoder = (message: KafkaMessage, topic: string) => ParseResult;

const decodeEnvelope: MessageDecoder = (message) => parseEventJson(message.value);

export interface ConsumerOptions<S extends Subscriptions> {
  groupId: string;
  subscriptions: S;
  db: Db;
  kafka?: Kafka;
  naming?: TopicNaming;
  /** Handler attempts before the message goes to `<topic>.dlq`. Default 5. */
  maxAttempts?: number;
  backoff?: Partial<BackoffOptions>;
  /** Most events handled in one database transaction (with their inbox rows). Default 200. */
  maxEventsPerTransaction?: number;
  /** Partitions processed in parallel, each in its own transactions. Default 3. */
  partitionsConsumedConcurrently?: number;
  /** Where a group with no committed offset starts. Default true: a new projection sees history. */
  fromBeginning?: boolean;
  /**
   * The broker answers a fetch once `fetchMinBytes` are available or `fetchMaxWaitMs` passed. Defaults
   * (1 byte, 1 s) answer as soon as anything arrives; raising both trades latency for fewer, larger
   * transactions (measured with bench/events: no gain at 500 events/s, so not the default).
   */
  fetchMinBytes?: number;
  fetchMaxWaitMs?: number;
  /** How long start() waits for the first group join. Default 60 s. */
  joinTimeoutMs?: number;
  /** Interactive-transaction timeout; must exceed the slowest chunk. Default 30 s. */
  transactionTimeoutMs?: number;
  observer?: ConsumerObserver;
  logger?: Logger;
  /** How a message becomes an event. Default: our JSON envelope. */
  decode?: MessageDecoder;
}

export interface EventConsumer {
  readonly groupId: string;
  /** Physical topics this consumer reads. */
  readonly topics: readonly string[];
  /** Connects, subscribes and starts consuming; resolves once the group is joined. */
  start(): Promise<void>;
  /** Stops fetching, finishes the message/transaction in flight, commits offsets and disconnects. */
  stop(): Promise<void>;
}

class Stopped extends Error {}

const errorText = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * A consumer group member that parses each message against the envelope and its contract, runs the
 * subscribed handler in one transaction with the inbox row (a redelivered event is skipped), retries a
 * failing handler with exponential backoff and, after `maxAttempts`, moves the message to
 * `<topic>.dlq` with failure headers and commits past it. Unparseable or unknown messages go to the DLQ
 * at once. Consecutive events share one transaction; when one handler throws, the events before it are
 * redone as a group and only the failing event is retried (alone, holding back its partition so that
 * per-aggregate order survives the retry).
 */
export function createConsumer<S extends Subscriptions>(options: ConsumerOptions<S>): EventConsumer {
  const env = eventsEnv();
  const naming = options.naming ?? { prefix: env.KAFKA_TOPIC_PREFIX };
  const groupId = options.groupId;
  const maxAttempts = options.maxAttempts ?? 5;
  const backoff: BackoffOptions = { initialMs: 200, maxMs: 30_000, multiplier: 2, ...options.backoff };
  const chunkSize = options.maxEventsPerTransaction ?? 200;
  const txTimeout = options.transactionTimeoutMs ?? 30_000;
  const joinTimeoutMs = options.joinTimeoutMs ?? 60_000;
  const logger = options.logger ?? createLogger(`consumer:${groupId}`);
  const subscriptions = options.subscriptions as Partial<Record<string, Subscription<EventType>>>;
  const m = consumerMetrics();
  const decode = options.decode ?? decodeEnvelope;

  const subscribedTypes = Object.keys(subscriptions).filter((t) => subscriptions[t]);
  const topics = [
    ...new Set(
      subscribedTypes.map((type) => {
        const contract = eventContracts.find((c) => c.type === type);
        if (!contract) throw new Error(`no contract for subscribed event type ${type}`);
        return physicalTopic(contract.topic, naming);
      }),
    ),
  ];

  const kafka = options.kafka ?? createKafka();
  let consumer: Consumer | undefined;
  let producer: EventProducer | undefined;
  const abort = new AbortController();

  const report = (r: ConsumeRecord) => {
    m.messages.inc({ group: groupId, topic: r.topic, outcome: r.outcome });
    options.observer?.onRecord(r);
  };

  // Waits out a retry delay while keeping the group membership alive; a stop request ends it early.
  async function backoffWait(ms: number, heartbeat: () => Promise<void>) {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (abort.signal.aborted) throw new Stopped();
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, Math.min(1_000, until - Date.now()));
        function done() {
          clearTimeout(t);
          abort.signal.removeEventListener("abort", done);
          resolve();
        }
        abort.signal.addEventListener("abort", done, { once: true });
      });
      await heartbeat();
    }
    if (abort.signal.aborted) throw new Stopped();
  }

  /** Handles `items` in one transaction (see handleInTransaction), then reports each outcome. */
  async function runTransaction(topic: string, partition: number, items: Item[], attempt: number) {
    const handled = await handleInTransaction({ db: options.db, groupId, topic, partition, attempt, timeoutMs: txTimeout }, items);
    if (handled.size > 0) m.txSize.observe({ group: groupId }, handled.size);
    const now = Date.now();
    const reported = new Set<string>();
    for (const item of items) {
      const id = item.event.id;
      const base = { eventId: id, type: item.event.type, topic, partition, offset: item.message.offset, event: item.event };
      if (!item.subscription) {
        report({ ...base, outcome: "skipped", attempts: 0 });
      } else if (handled.has(id) && !reported.has(id)) {
        reported.add(id);
        m.eventAge.observe({ group: groupId, type: item.event.type }, (now - Date.parse(item.event.occurredAt)) / 1000);
        report({ ...base, outcome: "handled", attempts: attempt });
      } else {
        report({ ...base, outcome: "duplicate", attempts: 0 });
      }
    }
  }

  async function deadLetter(topic: string, partition: number, message: KafkaMessage, error: string, attempts: number, event?: DomainEvent) {
    await producer!.publish([deadLetterMessage({ topic, partition, message, groupId, error, attempts })]);
    logger.warn("message moved to DLQ", { topic, partition, offset: message.offset, attempts, error, eventId: event?.id });
    report({ outcome: "dead-lettered", eventId: event?.id, type: event?.type, topic, partition, offset: message.offset, attempts, error, ...(event ? { event } : {}) });
  }

  /**
   * One event, one per transaction, from attempt `first` (2 when its first attempt already failed inside
   * a group), until it is handled (or found a duplicate) or dead-lettered.
   */
  async function runWithRetries(
    topic: string,
    partition: number,
    item: Item,
    heartbeat: () => Promise<void>,
    first = 1,
    lastError?: unknown,
  ) {
    for (let attempt = first; ; attempt++) {
      if (attempt > maxAttempts) {
        await deadLetter(topic, partition, item.message, errorText(lastError), attempt - 1, item.event);
        return;
      }
      if (attempt > 1) {
        logger.warn("handler failed; retrying", { topic, partition, offset: item.message.offset, attempt, error: errorText(lastError) });
        await backoffWait(backoffDelay(attempt - 1, backoff), heartbeat);
      }
      try {
        await runTransaction(topic, partition, [item], attempt);
        return;
      } catch (error) {
        m.failures.inc({ group: groupId, type: item.event.type });
        lastError = error instanceof HandlerFailed ? error.cause : error;
      }
    }
  }

  async function eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary }: EachBatchPayload) {
    const { topic, partition } = batch;
    const live = () => isRunning() && !isStale() && !abort.signal.aborted;
    let pending: Item[] = [];

    // Handles `items` in as few transactions as possible. When a handler throws, the events before it are
    // redone as a group (their work was rolled back with it), the failing one is retried on its own, and
    // the rest continue as a new group. A failure that names no handler (the database) goes one by one.
    const processItems = async (items: Item[]): Promise<void> => {
      let rest = items;
      while (rest.length > 0) {
        if (!live()) throw new Stopped();
        try {
          await runTransaction(topic, partition, rest, 1);
          resolveOffset(rest[rest.length - 1]!.message.offset);
          return;
        } catch (error) {
          const failed = error instanceof HandlerFailed ? error.items : [];
          const failedAt = failed.length > 0 ? rest.indexOf(failed[0]!) : -1;
          if (failedAt < 0) {
            // Not attributable to handler code (the database): one event per transaction.
            for (const item of rest) {
              if (!live()) throw new Stopped();
              await runWithRetries(topic, partition, item, heartbeat, 1);
              resolveOffset(item.message.offset);
            }
            return;
          }
          const lastAt = rest.indexOf(failed[failed.length - 1]!);
          m.failures.inc({ group: groupId, type: failed[0]!.event.type });
          await processItems(rest.slice(0, failedAt));
          // A single handler's failure was its first attempt; a batch call's names no single culprit, so
          // each of its events starts over alone.
          for (const item of rest.slice(failedAt, lastAt + 1)) {
            if (!live()) throw new Stopped();
            const alone = failed.length === 1 && item === failed[0];
            await runWithRetries(topic, partition, item, heartbeat, alone ? 2 : 1, alone ? (error as HandlerFailed).cause : undefined);
            resolveOffset(item.message.offset);
          }
          rest = rest.slice(lastAt + 1);
        }
      }
    };

    const flush = async () => {
      if (pending.length === 0) return;
      const items = pending;
      pending = [];
      await processItems(items);
      await heartbeat();
      await commitOffsetsIfNecessary();
    };

    try {
      for (const message of batch.messages) {
        if (!live()) break;
        const parsed = decode(message, topic);
        if (!parsed.ok) {
          await flush();
          await deadLetter(topic, partition, message, `${parsed.error.reason}: ${parsed.error.message}`, 0, parsed.envelope as DomainEvent | undefined);
          resolveOffset(message.offset);
          continue;
        }
        pending.push({ message, event: parsed.event, subscription: subscriptions[parsed.event.type] });
        if (pending.length >= chunkSize) await flush();
      }
      if (live()) await flush();
    } catch (error) {
      // A stop during a retry wait leaves the message unresolved: the next member of the group gets it.
      if (!(error instanceof Stopped)) throw error;
    }
  }

  return {
    groupId,
    topics,
    async start() {
      if (consumer) throw new Error("consumer already started");
      producer = createProducer({ kafka });
      await producer.connect();
      consumer = kafka.consumer({
        groupId,
        allowAutoTopicCreation: false,
        minBytes: options.fetchMinBytes ?? 1,
        maxWaitTimeInMs: options.fetchMaxWaitMs ?? 1_000,
      });
      const joined = new Promise<void>((resolve) => {
        const off = consumer!.on(consumer!.events.GROUP_JOIN, () => {
          off();
          resolve();
        });
      });
      consumer.on(consumer.events.CRASH, (e) => logger.error("consumer crashed", { error: e.payload.error, restart: e.payload.restart }));
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: options.fromBeginning ?? true });
      await consumer.run({
        eachBatchAutoResolve: false,
        // Resolved offsets are committed after every batch; this also commits during a long one (retries).
        autoCommitInterval: 5_000,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 3,
        eachBatch,
      });
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        joined,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`consumer ${groupId} did not join its group within ${joinTimeoutMs} ms`)), joinTimeoutMs);
        }),
      ]).finally(() => clearTimeout(timer));
      logger.info("consumer started", { groupId, topics });
    },
    async stop() {
      abort.abort();
      // kafkajs stop() waits for the batch in flight, then commits what it resolved.
      await consumer?.stop();
      await consumer?.disconnect();
      await producer?.disconnect();
    },
  };
}
