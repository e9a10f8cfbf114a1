import type { FreshnessResult } from "./freshness";
import type { ScenarioResult } from "./load";
import type { PageResult } from "./pages";

export interface SearchBenchReport {
  date: Date;
  products: number;
  seedMs: number;
  indexMs: number;
  connections: number;
  seconds: number;
  warmup: number;
  rateLimit: string;
  results: ScenarioResult[];
  pages: PageResult[];
  freshness: FreshnessResult;
  machine: { cores: number; cpuModel: string; ramGiB: number; node: string; loadBefore: number; loadAfter: number };
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

export function renderResults(r: SearchBenchReport): string {
  const rows = r.results.map(
    (s) =>
      `| ${s.name} | **${Math.round(s.reqPerSec).toLocaleString("en")}** | ${ms(s.p50)} | ${ms(s.p95)} | **${ms(s.p99)}** | ${s.peakRssMiB.toFixed(0)} MiB | ${s.non2xx + s.errors} | ${s.apiCpuPercent.toFixed(0)} % | ${ms(s.loopP99Ms)} | ${s.engineMs === undefined ? "–" : ms(s.engineMs)} |`,
  );
  return `# Search and read-model benchmark — \`pnpm bench:search\`

Run of ${r.date.toISOString().slice(0, 16).replace("T", " ")} UTC. Catalog loaded by the script itself: **${r.products.toLocaleString("en")} products × 3 variants**
(bulk generator, ${(r.seedMs / 1000).toFixed(1)} s) under a 36-leaf category tree, indexed by the reindex command
in ${(r.indexMs / 1000).toFixed(1)} s. API server: \`packages/api\` as its \`start\` script runs it (\`node --import tsx --import ./src/instrument.ts src/main.ts\`, tracing hooks on, NODE_ENV=production) on
loopback, one process; its anonymous rate-limit budget raised for the run to
RATE_LIMIT_GENERAL_BURST = RATE_LIMIT_GENERAL_PER_SECOND = ${r.rateLimit} (the default, 300 burst and 30/s per address, is
what a shopper gets). autocannon, ${r.connections} connections, ${r.warmup} s warm-up then ${r.seconds} s measured per scenario; req/s and
latencies count the 2xx answers of the measured window; "errors" are the others (a search over
SEARCH_TIMEOUT_MS fails, and once the breaker opens the rest answer SERVICE_UNAVAILABLE at once). Peak RSS is the API process's, sampled every 100 ms.

Machine: ${r.machine.cores} cores (${r.machine.cpuModel}), ${r.machine.ramGiB.toFixed(0)} GiB RAM, Node ${r.machine.node}; load average
${r.machine.loadBefore.toFixed(1)} before and ${r.machine.loadAfter.toFixed(1)} after (the machine is shared with other engineers' work, and
PostgreSQL, Redis, OpenSearch, Kafka and the load generator all run on the same two cores).

Where the time goes: "API CPU" is the API process's (100 % = one of the two cores), "loop p99" its
event-loop delay p99 over the window, "OpenSearch" the engine's own query + fetch time per search
(index stats; only requests that reached it, so a listing served from the result cache is not counted).

| scenario | req/s | p50 | p95 | p99 | peak RSS | errors | API CPU | loop p99 | OpenSearch |
|---|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}

${r.pages.length === 0 ? "The storefront's pages were not measured in this run (BENCH_PAGES=0).\n" : `The storefront's HTML (\`next start\` of apps/web's production build, NODE_ENV=production, same catalog,
index and Redis; the app calls the API in process). Our own keep-alive HTTP loop, ${r.warmup} s warm-up then
${r.seconds} s (10 s at one connection); TTFB is the first body byte, "whole page" the last. Peak RSS is the Next server's.

| page | connections | req/s | TTFB p50 | TTFB p99 | whole page p50 | whole page p99 | peak RSS | errors |
|---|---|---|---|---|---|---|---|---|
${r.pages.map((p) => `| ${p.name} | ${p.connections} | **${Math.round(p.reqPerSec).toLocaleString("en")}** | ${ms(p.ttfbP50)} | **${ms(p.ttfbP99)}** | ${ms(p.fullP50)} | ${ms(p.fullP99)} | ${p.peakRssMiB.toFixed(0)} MiB | ${p.failures} |`).join("\n")}
`}
Freshness (title changed through \`catalog.updateProduct\` → outbox → relay → Kafka → search projection →
searchable), ${r.freshness.changes} changes one after another: **p50 ${ms(r.freshness.p50)}, p99 ${ms(r.freshness.p99)}** (max ${ms(r.freshness.max)}).
`;
}
