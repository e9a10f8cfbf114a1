// The benchmark's consumer, run as its own process (as a worker is in production) so that it gets a
// core of its own instead of sharing the writer's and relay's event loop. Reports to the parent over IPC.
import { createConsumer } from "../../packages/events/src/consumer";
import { createDb, createLogger, recordEffect, recordEffects } from "../../packages/events/src/harness";
import { createKafka } from "../../packages/events/src/kafka";
import { testTopics } from "../../packages/events/src/topics";

export type ChildMessage =
  | { kind: "ready" }
  | { kind: "stats"; tpHandled: number; tpDuplicates: number; latencies: number[] }
  | { kind: "stopped" };

const env = process.env;
const send = (m: ChildMessage) => process.send!(m);
const logger = createLogger("bench-consumer", { level: "error" });
const db = createDb({ url: env.BENCH_DATABASE_URL!, poolSize: 8, applicationName: "bench-consumer" });
const stats = { tpHandled: 0, tpDuplicates: 0, latencies: [] as number[] };
const consumer = createConsumer({
  groupId: `${env.BENCH_PREFIX}bench`,
  subscriptions: { "test.ping.sent": env.BENCH_HANDLER === "single" ? recordEffect("bench") : recordEffects("bench") },
  db,
  kafka: createKafka({ clientId: "bench-consumer", logger }),
  naming: { prefix: env.BENCH_PREFIX! },
  logger,
  maxEventsPerTransaction: Number(env.BENCH_TX_EVENTS),
  partitionsConsumedConcurrently: testTopics[0].partitions,
  ...(env.BENCH_FETCH_MIN_BYTES ? { fetchMinBytes: Number(env.BENCH_FETCH_MIN_BYTES) } : {}),
  ...(env.BENCH_FETCH_WAIT_MS ? { fetchMaxWaitMs: Number(env.BENCH_FETCH_WAIT_MS) } : {}),
  observer: {
    onRecord(r) {
      const aggregate = r.event?.aggregate.id ?? "";
      if (aggregate.startsWith("tp-")) {
        if (r.outcome === "handled") stats.tpHandled++;
        else if (r.outcome === "duplicate") stats.tpDuplicates++;
      } else if (aggregate.startsWith("lat-") && r.outcome === "handled") {
        stats.latencies.push(Date.now() - Date.parse(r.event!.occurredAt));
      }
    },
  },
});

// Counts go up every 20 ms; latencies are sent once and dropped here.
const flush = () => {
  send({ kind: "stats", tpHandled: stats.tpHandled, tpDuplicates: stats.tpDuplicates, latencies: stats.latencies });
  stats.latencies = [];
};
const timer = setInterval(flush, 20);

process.on("message", (m) => {
  if (m !== "stop") return;
  void (async () => {
    clearInterval(timer);
    await consumer.stop();
    flush();
    await db.$disconnect();
    send({ kind: "stopped" });
    process.disconnect();
  })();
});

await consumer.start();
send({ kind: "ready" });
