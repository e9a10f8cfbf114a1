// Outbox write -> relay -> Kafka -> consumer (with inbox) benchmark on the single local broker.
// Run: pnpm --filter @bazaar/events bench   (or: node --import tsx bench/events/run.ts from the repo root)
// Options (env): BENCH_EVENTS (throughput phase, default 50000), BENCH_RATE (events/s, default 500),
// BENCH_SECONDS (latency phase, default 20), BENCH_WRITE (results file to write, default RESULTS.md here).
// Bounded: every phase has a deadline and the run stops by itself.
import { execSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { runLatency, runThroughput, type LatencyResult, type ThroughputResult } from "./phases";
import { startPipeline } from "./pipeline";

const events = Number(process.env.BENCH_EVENTS ?? 50_000);
const rate = Number(process.env.BENCH_RATE ?? 500);
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const resultsFile = process.env.BENCH_WRITE ?? join(import.meta.dirname, "RESULTS.md");

const pipeline = await startPipeline("bench");
let throughput: ThroughputResult;
let latency: LatencyResult;
try {
  throughput = await runThroughput(pipeline, { events, deadlineMs: 300_000 });
  console.log(`throughput: ${JSON.stringify(throughput)}`);
  latency = await runLatency(pipeline, { rate, seconds, deadlineMs: (seconds + 60) * 1000 });
  console.log(`latency: ${JSON.stringify(latency)}`);
} finally {
  await pipeline.close();
}

const nodeVersion = process.version;
const cores = cpus().length;
const ramGiB = (totalmem() / 2 ** 30).toFixed(1);
const cpuModel = cpus()[0]?.model ?? "unknown";
let kafkaVersion = "3.9 (single broker, KRaft)";
try {
  kafkaVersion = execSync("ls /work/main/infra/.cache/kafka/libs 2>/dev/null | grep -o '^kafka_2.13-[0-9.]*' | head -1", { encoding: "utf8" }).trim() || kafkaVersion;
} catch {
  // best effort: the broker version is informational
}
const pass = (ok: boolean) => (ok ? "met" : "NOT met");
const md = `# Events pipeline benchmark

Outbox write (PostgreSQL transaction) → relay (advisory-lock leader, LISTEN/NOTIFY + poll, \`sendBatch\`)
→ Kafka (idempotent producer, acks=all) → consumer (eachBatch, inbox rows + handler effect in one
transaction per group of events) on one machine: every component, the broker and PostgreSQL share it.

- Command: \`pnpm --filter @bazaar/events bench\` (= \`node --import tsx bench/events/run.ts\`)
- Date: ${new Date().toISOString()}
- Machine: ${cores} cores (${cpuModel}), ${ramGiB} GiB RAM, Node ${nodeVersion}, Kafka ${kafkaVersion}, PostgreSQL 15
- Topic: \`test.events\`, ${throughput.partitions} partitions, RF 1; relay batch ${throughput.relayBatch}; consumer up to ${throughput.txEvents} events per transaction

## (a) Sustained throughput

${throughput.events.toLocaleString("en")} events written as fast as possible (transactions of ${throughput.writeTx} events, ${throughput.writers} writers).

| measure | value |
|---|---|
| end to end (first write → last handler commit) | **${Math.round(throughput.endToEndPerSec).toLocaleString("en")} events/s** (${(throughput.elapsedMs / 1000).toFixed(1)} s) |
| outbox write rate | ${Math.round(throughput.writePerSec).toLocaleString("en")} events/s |
| effects / distinct events / duplicates | ${throughput.effects} / ${throughput.distinct} / ${throughput.duplicates} |
| floor >= 2,000 events/s | ${pass(throughput.endToEndPerSec >= 2000)} |

## (b) Latency at a fixed offered load

${rate} events/s for ${seconds} s, one event per transaction (as a request handler would write it).

| measure | value |
|---|---|
| events | ${latency.events} (achieved offered rate ${Math.round(latency.offeredPerSec)}/s) |
| p50 occurredAt → handler commit | **${latency.p50.toFixed(1)} ms** |
| p90 | ${latency.p90.toFixed(1)} ms |
| p99 | **${latency.p99.toFixed(1)} ms** |
| max | ${latency.max.toFixed(1)} ms |
| floor p99 < 500 ms | ${pass(latency.p99 < 500)} |
`;
writeFileSync(resultsFile, md);
console.log(`\nwrote ${resultsFile}`);
console.log(md);
