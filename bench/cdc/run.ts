// CDC lag: a committed UPDATE of stock_levels → WAL → Debezium (Kafka Connect) → inventory.cdc → the
// stock-availability consumer (inbox) → Redis read model. Needs `infra up` (Connect included).
// Run: pnpm bench:cdc   Options (env): BENCH_CHANGES (sequential changes, default 300), BENCH_BURST
// (changes committed back to back, default 500), BENCH_WRITE (results file, default RESULTS.md here).
// Bounded: every wait has a deadline; the run drops its database, connector, slot and topics at the end.
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { createRequire } from "node:module";
import type { Redis as RedisClient } from "ioredis";
import type pgTypes from "pg";
import { createStockAvailabilityWorker } from "../../apps/workers/src/inventory/stock-availability.consumer";
import { readAvailability } from "../../apps/workers/src/inventory/availability.service";
import { workersEnv } from "../../apps/workers/src/env";
import { createDb } from "../../packages/db/src/client";
import { createTestDatabase } from "../../packages/db/src/testing";
import { insertStockLevel, provisionCdcTopic, seedStockFixture, startTestStockCdc } from "../../packages/events/src/cdc/cdc.testing";
import { createKafka } from "../../packages/events/src/kafka";
import { deleteTopicsWithPrefix, uniqueTopicPrefix } from "../../packages/events/src/testing";
import type { ConsumeRecord } from "../../packages/events/src/consumer-types";
import { createLogger } from "../../packages/observability/src/index";

// bench/ is no workspace package: take the clients from the workers app, whose worker runs in-process here.
const requireFromWorkers = createRequire(join(import.meta.dirname, "../../apps/workers/package.json"));
const { Redis } = requireFromWorkers("ioredis") as { Redis: new (url: string, options?: object) => RedisClient };
const pg = requireFromWorkers("pg") as typeof pgTypes;

const changes = Number(process.env.BENCH_CHANGES ?? 300);
const burst = Number(process.env.BENCH_BURST ?? 500);
const resultsFile = process.env.BENCH_WRITE ?? join(import.meta.dirname, "RESULTS.md");
const DEADLINE_MS = 30_000;

const logger = createLogger("bench-cdc", { level: "error", stream: new Writable({ write: (_c, _e, done) => done() }) });
const started = new Date();
const loadBefore = loadavg()[0]!;
const prefix = uniqueTopicPrefix("benchcdc");
const runId = randomBytes(4).toString("hex");

const kafka = createKafka({ logger });
await provisionCdcTopic(kafka, { prefix });
const database = await createTestDatabase(`bench_cdc_${runId}`);
const owner = new pg.Client({ connectionString: database.ownerUrl });
await owner.connect();
const f = await seedStockFixture(owner);
const levels = [
  await insertStockLevel(owner, f, f.variants[0], f.locations[0], 1_000_000, 0),
  await insertStockLevel(owner, f, f.variants[1], f.locations[1], 1_000_000, 0),
];
const cdc = await startTestStockCdc(database.name, { prefix });
const db = createDb({ url: database.url, poolSize: 4, applicationName: "bench-cdc" });
const redis = new Redis(workersEnv().REDIS_URL, { keyPrefix: `bench:cdc:${runId}:` });

// The observer reports `handled` after the inbox transaction commits, which is after the Redis write:
// the figures are an upper bound of "committed in PostgreSQL → visible in Redis".
const arrived = new Map<string, number>();
const waiters = new Map<string, () => void>();
const observer = {
  onRecord(r: ConsumeRecord) {
    if (r.outcome !== "handled" || r.event?.type !== "inventory.stock-level.captured") return;
    const key = `${r.event.payload.stockLevel.id}@${r.event.payload.stockLevel.version}`;
    arrived.set(key, performance.now());
    waiters.get(key)?.();
  },
};
const worker = createStockAvailabilityWorker({ db, kafka, logger, naming: { prefix }, databaseUrl: database.url }, { redis, observer });
await worker.start();

function arrival(key: string): Promise<number> {
  if (arrived.has(key)) return Promise.resolve(arrived.get(key)!);
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`change ${key} not in the read model within ${DEADLINE_MS} ms`)), DEADLINE_MS);
    waiters.set(key, () => {
      clearTimeout(t);
      waiters.delete(key);
      resolve(arrived.get(key)!);
    });
  });
}

async function change(levelId: string): Promise<{ key: string; committedAt: number }> {
  const r = await owner.query<{ version: number }>(
    "UPDATE stock_levels SET on_hand = on_hand - 1, version = version + 1, updated_at = now() WHERE id = $1 RETURNING version",
    [levelId],
  );
  return { key: `${levelId}@${r.rows[0]!.version}`, committedAt: performance.now() };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
function summary(lags: number[]) {
  const s = [...lags].sort((a, b) => a - b);
  return { n: s.length, p50: pct(s, 50), p90: pct(s, 90), p99: pct(s, 99), max: s[s.length - 1]! };
}

let sequential: ReturnType<typeof summary>;
let burstResult: ReturnType<typeof summary> & { seconds: number };
try {
  // Warm-up: the snapshot rows and a first change, so JIT and connections are settled.
  await arrival((await change(levels[0]!)).key);

  // (a) one change at a time: each waits for the previous one to reach the read model.
  const lags: number[] = [];
  for (let i = 0; i < changes; i++) {
    const c = await change(levels[i % 2]!);
    lags.push((await arrival(c.key)) - c.committedAt);
  }
  sequential = summary(lags);
  console.log(`sequential: ${JSON.stringify(sequential)}`);

  // (b) a burst committed back to back (autocommit, one connection), lag of each change.
  const commits: { key: string; committedAt: number }[] = [];
  const t0 = performance.now();
  for (let i = 0; i < burst; i++) commits.push(await change(levels[i % 2]!));
  const arrivals = await Promise.all(commits.map((c) => arrival(c.key)));
  burstResult = { ...summary(commits.map((c, i) => arrivals[i]! - c.committedAt)), seconds: (Math.max(...arrivals) - t0) / 1000 };
  console.log(`burst: ${JSON.stringify(burstResult)}`);

  const model = await readAvailability(redis, f.variants[0]);
  const row = await owner.query<{ on_hand: number }>("SELECT on_hand FROM stock_levels WHERE id = $1", [levels[0]]);
  if (model?.total.onHand !== row.rows[0]!.on_hand) throw new Error(`read model ${model?.total.onHand} != table ${row.rows[0]!.on_hand}`);
} finally {
  await worker.stop();
  await cdc.stop();
  await owner.end();
  await db.$disconnect();
  const keys = await redis.keys(`bench:cdc:${runId}:*`);
  if (keys.length > 0) await new Redis(workersEnv().REDIS_URL).del(...keys);
  redis.disconnect();
  await database.drop();
  await deleteTopicsWithPrefix(kafka, prefix);
}

const ms = (x: number) => `${x.toFixed(1)} ms`;
const md = `# CDC lag — bench/cdc/run.ts

Run of ${started.toISOString().slice(0, 16).replace("T", " ")} UTC. Machine: ${cpus().length} cores (${cpus()[0]?.model ?? "unknown"}),
${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}; load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after.
PostgreSQL 15, Kafka 3.9.1 (one broker), Kafka Connect 4.3.1 with Debezium 3.6.1 (pgoutput,
\`poll.interval.ms=50\`), Redis 7; all on loopback.

Lag = from the UPDATE's commit returning to the client, to the stock-availability consumer reporting the
change handled (Redis hash written, inbox row committed): WAL → Debezium → Kafka (\`inventory.cdc\`, 6
partitions) → consumer runner → Redis. Two stock levels, alternating.

| phase | changes | p50 | p90 | p99 | max |
|---|---|---|---|---|---|
| one at a time | ${sequential.n} | **${ms(sequential.p50)}** | ${ms(sequential.p90)} | **${ms(sequential.p99)}** | ${ms(sequential.max)} |
| burst, committed back to back (all in ${burstResult.seconds.toFixed(2)} s) | ${burstResult.n} | **${ms(burstResult.p50)}** | ${ms(burstResult.p90)} | **${ms(burstResult.p99)}** | ${ms(burstResult.max)} |

After the run the read model's on-hand total equals the table's.
`;
writeFileSync(resultsFile, md);
console.log(`\nwrote ${resultsFile}\n\n${md}`);
process.exit(0);
