import { createLogger, type Logger } from "@bazaar/observability";
import { eventsEnv } from "./env";
import { relayMetrics } from "./metrics";
import type { OutboxRow, OutboxStore } from "./outbox-store";
import type { EventProducer, OutboundMessage } from "./producer";
import { physicalTopic, type TopicNaming } from "./topics";

export type RelayState = "idle" | "standby" | "active" | "stopped";

export interface RelayOptions {
  store: OutboxStore;
  producer: EventProducer;
  naming?: TopicNaming;
  /** Rows per fetch/send/mark cycle (env OUTBOX_RELAY_BATCH_SIZE). */
  batchSize?: number;
  /**
   * Adaptive polling: after a batch the relay looks again after `minPollMs` (which also lets a batch
   * fill up, like a producer linger); each empty look doubles the wait up to `maxPollMs` (env
   * OUTBOX_RELAY_POLL_MS). A NOTIFY on the outbox channel ends any wait at once.
   */
  minPollMs?: number;
  maxPollMs?: number;
  /** How often a standby relay retries the lock. */
  standbyRetryMs?: number;
  /** Pause after a failed iteration before reconnecting. */
  errorBackoffMs?: number;
  /** Published rows older than this are deleted; 0 disables cleanup. Default 7 days. */
  retentionMs?: number;
  cleanupIntervalMs?: number;
  logger?: Logger;
}

export interface OutboxRelay {
  start(): void;
  /** Finishes the batch in flight (sent and marked), then releases the lock and closes the session. */
  stop(): Promise<void>;
  readonly state: RelayState;
  /** Rows this relay has published since start. */
  readonly published: number;
}

/**
 * Publishes outbox rows to Kafka in `position` order. Exactly one relay per database is active (pg
 * advisory lock); others wait as standby. Sending happens before marking, so a crash in between re-sends
 * the batch on the next relay: delivery is at-least-once, and consumers' inboxes make it one effect.
 * Because a batch is always the oldest unpublished rows and the producer keeps in-partition order, an
 * aggregate's events reach its partition in position order, before and after any crash.
 */
export function createRelay(options: RelayOptions): OutboxRelay {
  const env = eventsEnv();
  const store = options.store;
  const producer = options.producer;
  const naming = options.naming ?? { prefix: env.KAFKA_TOPIC_PREFIX };
  const batchSize = options.batchSize ?? env.OUTBOX_RELAY_BATCH_SIZE;
  const minPollMs = options.minPollMs ?? 5;
  const maxPollMs = Math.max(minPollMs, options.maxPollMs ?? env.OUTBOX_RELAY_POLL_MS);
  const standbyRetryMs = options.standbyRetryMs ?? 1_000;
  const errorBackoffMs = options.errorBackoffMs ?? 1_000;
  const retentionMs = options.retentionMs ?? 7 * 86_400_000;
  const cleanupIntervalMs = options.cleanupIntervalMs ?? 60_000;
  const logger = options.logger ?? createLogger("outbox-relay");
  const m = relayMetrics();

  let state: RelayState = "idle";
  let published = 0;
  const abort = new AbortController();
  let loop: Promise<void> | undefined;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (abort.signal.aborted) return resolve();
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        abort.signal.removeEventListener("abort", done);
        resolve();
      }
      abort.signal.addEventListener("abort", done, { once: true });
    });

  const toMessage = (row: OutboxRow): OutboundMessage => ({
    topic: physicalTopic(row.topic, naming),
    key: row.key,
    value: row.envelope,
    headers: row.headers,
  });

  async function publishBatch(rows: OutboxRow[]) {
    await producer.publish(rows.map(toMessage));
    // Logged between send and mark: the window in which a crash makes the next relay send these again.
    logger.debug("outbox batch sent", { rows: rows.length, from: rows[0]!.position, to: rows[rows.length - 1]!.position });
    await store.markPublished(rows.map((r) => r.position));
    published += rows.length;
    m.batchSize.observe(rows.length);
    const perTopic = new Map<string, number>();
    for (const r of rows) perTopic.set(r.topic, (perTopic.get(r.topic) ?? 0) + 1);
    for (const [topic, n] of perTopic) m.published.inc({ topic }, n);
  }

  async function runSession() {
    await store.connect();
    let lastCleanup = 0;
    let pollMs = minPollMs;
    try {
      while (!abort.signal.aborted) {
        if (!(await store.tryAcquireLeadership())) {
          if (state !== "standby") logger.info("outbox relay standing by; another relay holds the lock");
          state = "standby";
          m.active.set(0);
          await pause(standbyRetryMs);
          continue;
        }
        if (state !== "active") logger.info("outbox relay active");
        state = "active";
        m.active.set(1);

        const rows = await store.fetchUnpublished(batchSize);
        m.lag.set(rows.length > 0 ? Math.max(0, (Date.now() - rows[0]!.createdAt.getTime()) / 1000) : 0);
        if (rows.length > 0) await publishBatch(rows);
        if (retentionMs > 0 && Date.now() - lastCleanup >= cleanupIntervalMs) {
          lastCleanup = Date.now();
          const n = await store.deletePublishedBefore(new Date(Date.now() - retentionMs), 10_000);
          if (n > 0) m.cleaned.inc(n);
        }
        // A full batch means more is probably waiting: go again at once.
        if (rows.length === batchSize) continue;
        pollMs = rows.length > 0 ? minPollMs : Math.min(maxPollMs, pollMs * 2);
        await store.waitForWork(pollMs, abort.signal);
      }
    } finally {
      m.active.set(0);
      await store.close();
    }
  }

  async function run() {
    while (!abort.signal.aborted) {
      try {
        await runSession();
      } catch (error) {
        m.errors.inc();
        logger.error("outbox relay iteration failed; reconnecting", { error });
        state = "idle";
        await pause(errorBackoffMs);
      }
    }
    state = "stopped";
  }

  return {
    start() {
      if (loop) return;
      loop = run();
    },
    async stop() {
      abort.abort();
      await loop;
      state = "stopped";
    },
    get state() {
      return state;
    },
    get published() {
      return published;
    },
  };
}
