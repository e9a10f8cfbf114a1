// Outbox write -> relay -> Kafka -> consumer (with inbox) benchmark on the single local broker.
// Run: pnpm --filter @bazaar/events bench   (or: node --import tsx bench/events/run.ts from the repo root)
// Options (env): BENCH_EVENTS (throughput phase, default 50000), BENCH_RATE (events/s, default 500),
// BENCH_SECONDS (latency phase, default 20), BENCH_HANDLER (batch | single | both, default both),
// BENCH_WRITE (results file to write, default RESULTS.md here); tuning experiments: BENCH_RELAY_LINGER_MS,
// BENCH_FETCH_MIN_BYTES, BENCH_FETCH_WAIT_MS override the relay's and consumer's defaults.
// Bounded: every phase has a deadline and the run stops by itself.
import { writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { runLatency, runThroughput } from "./phases";
import { startPipeline, type HandlerKind } from "./pipeline";
import { renderResults, type VariantResult } from "./report";

const events = Number(process.env.BENCH_EVENTS ?? 50_000);
const rate = Number(process.env.BENCH_RATE ?? 500);
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const choice = process.env.BENCH_HANDLER ?? "both";
const kinds: HandlerKind[] = choice === "batch" || choice === "single" ? [choice] : ["batch", "single"];
const resultsFile = process.env.BENCH_WRITE ?? join(import.meta.dirname, "RESULTS.md");

const started = new Date();
const loadBefore = loadavg()[0]!;
const variants: VariantResult[] = [];
for (const handler of kinds) {
  const pipeline = await startPipeline(`bench_${handler}`, handler);
  try {
    const throughput = await runThroughput(pipeline, { events, deadlineMs: 300_000 });
    console.log(`[${handler}] throughput: ${JSON.stringify(throughput)}`);
    const latency = await runLatency(pipeline, { rate, seconds, deadlineMs: (seconds + 60) * 1000 });
    console.log(`[${handler}] latency: ${JSON.stringify(latency)}`);
    variants.push({ handler, partitions: pipeline.partitions, throughput, latency });
  } finally {
    await pipeline.close();
  }
}

const md = renderResults({
  date: started,
  machine: {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    ramGiB: totalmem() / 2 ** 30,
    node: process.version,
    loadBefore,
    loadAfter: loadavg()[0]!,
  },
  variants,
});
writeFileSync(resultsFile, md);
console.log(`\nwrote ${resultsFile}\n\n${md}`);
