// Outbox write -> relay -> Kafka -> consumer (with inbox) benchmark on the single local broker.
// Run: pnpm --filter @bazaar/events bench   (or: node --import tsx bench/events/run.ts from the repo root)
// Options (env): BENCH_EVENTS (throughput phase, default 50000), BENCH_RATE (events/s, default 500),
// BENCH_SECONDS (latency phase, default 20), BENCH_HANDLER (batch | single, default batch),
// BENCH_WRITE (results file to write, default RESULTS.md here).
// Bounded: every phase has a deadline and the run stops by itself.
import { writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { runLatency, runThroughput } from "./phases";
import { startPipeline, type HandlerKind } from "./pipeline";
import { renderResults } from "./report";

const events = Number(process.env.BENCH_EVENTS ?? 50_000);
const rate = Number(process.env.BENCH_RATE ?? 500);
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const handler: HandlerKind = process.env.BENCH_HANDLER === "single" ? "single" : "batch";
const resultsFile = process.env.BENCH_WRITE ?? join(import.meta.dirname, "RESULTS.md");

const loadBefore = loadavg()[0]!;
const pipeline = await startPipeline("bench", handler);
const started = new Date();
try {
  const throughput = await runThroughput(pipeline, { events, deadlineMs: 300_000 });
  console.log(`throughput: ${JSON.stringify(throughput)}`);
  const latency = await runLatency(pipeline, { rate, seconds, deadlineMs: (seconds + 60) * 1000 });
  console.log(`latency: ${JSON.stringify(latency)}`);
  const md = renderResults({
    date: started,
    handler,
    partitions: pipeline.partitions,
    machine: {
      cores: cpus().length,
      cpuModel: cpus()[0]?.model ?? "unknown",
      ramGiB: totalmem() / 2 ** 30,
      node: process.version,
      loadBefore,
      loadAfter: loadavg()[0]!,
    },
    throughput,
    latency,
  });
  writeFileSync(resultsFile, md);
  console.log(`\nwrote ${resultsFile}\n\n${md}`);
} finally {
  await pipeline.close();
}
