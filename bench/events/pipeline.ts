import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createEventsHarness, type EventsHarness } from "../../packages/events/src/harness";
import { createPgOutboxStore } from "../../packages/events/src/outbox-store";
import { createProducer, type EventProducer } from "../../packages/events/src/producer";
import { createRelay, type OutboxRelay } from "../../packages/events/src/relay";
import { testTopics } from "../../packages/events/src/topics";
import type { ChildMessage } from "./consumer-process";

export const RELAY_BATCH = 1_000;
export const TX_EVENTS = 500;

/**
 * `batch` (default): the handler is a batch subscription writing its effect rows in one INSERT per
 * transaction, as a projection would. `single`: a plain per-event handler, one INSERT per event.
 */
export type HandlerKind = "batch" | "single";

export interface ConsumerStats {
  tpHandled: number;
  tpDuplicates: number;
  /** occurredAt → handler commit, ms, for the latency phase's events. */
  latencies: number[];
}

export interface Pipeline {
  h: EventsHarness;
  handler: HandlerKind;
  partitions: number;
  stats: ConsumerStats;
  /** Resolves when `done(stats)` holds (checked on every report from the consumer); rejects at the deadline. */
  until(done: (s: ConsumerStats) => boolean, deadlineMs: number, what: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Database, run-unique topics and one relay in this process (the application side); the consumer group
 * member in a child process (the worker side).
 */
export async function startPipeline(label: string, handler: HandlerKind = "batch"): Promise<Pipeline> {
  const h = await createEventsHarness(label, { poolSize: 10 });
  const producer: EventProducer = createProducer({ kafka: h.kafka });
  await producer.connect();
  const relay: OutboxRelay = createRelay({
    store: createPgOutboxStore({ connectionString: h.database.url, onPublished: "mark" }),
    producer,
    naming: h.naming,
    logger: h.logger,
    batchSize: RELAY_BATCH,
    retentionMs: 0,
    ...(process.env.BENCH_RELAY_LINGER_MS ? { minPollMs: Number(process.env.BENCH_RELAY_LINGER_MS) } : {}),
  });
  relay.start();

  const stats: ConsumerStats = { tpHandled: 0, tpDuplicates: 0, latencies: [] };
  const listeners = new Set<() => void>();
  const child: ChildProcess = fork(join(import.meta.dirname, "consumer-process.ts"), [], {
    execArgv: ["--import", "tsx"],
    cwd: join(import.meta.dirname, "../../packages/events"),
    env: {
      ...process.env,
      BENCH_DATABASE_URL: h.database.url,
      BENCH_PREFIX: h.prefix,
      BENCH_HANDLER: handler,
      BENCH_TX_EVENTS: String(TX_EVENTS),
    },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let stopped!: () => void;
  const stoppedPromise = new Promise<void>((resolve) => (stopped = resolve));
  const ready = new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`bench consumer exited early (${code})`)));
    child.on("message", (m: ChildMessage) => {
      if (m.kind === "ready") resolve();
      else if (m.kind === "stopped") stopped();
      else if (m.kind === "stats") {
        stats.tpHandled = m.tpHandled;
        stats.tpDuplicates = m.tpDuplicates;
        stats.latencies.push(...m.latencies);
        for (const l of listeners) l();
      }
    });
  });
  await ready;

  return {
    h,
    handler,
    partitions: testTopics[0].partitions,
    stats,
    until(done, deadlineMs, what) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!done(stats)) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`${what}: deadline of ${deadlineMs} ms passed`));
        }, deadlineMs);
        listeners.add(check);
        check();
      });
    },
    async close() {
      child.removeAllListeners("exit");
      if (child.connected) {
        child.send("stop");
        await stoppedPromise;
      }
      await relay.stop();
      await producer.disconnect();
      await h.close();
    },
  };
}
