// Load generation and measurement for the HTTP benchmarks (bench/search, bench/cart, bench/checkout):
// autocannon at a fixed connection count, with every latency recorded after the warm-up (autocannon's own
// summary has no p95), and the API process's peak resident memory sampled from /proc while a scenario runs.
// To see where the time goes, each scenario also reports the API process's CPU (from /proc, 100% = one
// core), its event-loop delay p99 over the window (its /metrics: prom-client resets the histogram on each
// scrape) and, when given a probe, OpenSearch's own time per request (query + fetch, from the index's
// search stats).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(join(import.meta.dirname, "../../package.json"));
const autocannon = require("autocannon") as (opts: object) => AutocannonInstance;

interface AutocannonInstance {
  on(event: "response", fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  on(event: "done", fn: (result: { requests: { total: number }; non2xx: number; errors: number; duration: number }) => void): void;
  stop(): void;
}

export interface ScenarioResult {
  name: string;
  requests: number;
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
  peakRssMiB: number;
  /** The API process's CPU over the window; 100 = one core. */
  apiCpuPercent: number;
  /** The API's event-loop delay p99 over the window. */
  loopP99Ms: number;
  /** OpenSearch's own query + fetch time per request, when the scenario has an engine probe. */
  engineMs?: number;
}

/** Cumulative milliseconds OpenSearch spent in query and fetch phases, and how many queries. */
export type EngineProbe = () => Promise<{ ms: number; count: number }>;

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

export function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) : 0;
}

/**
 * `pid`'s name and its CPU so far (/proc/<pid>/stat: utime + stime of all its threads, in clock ticks of
 * 100 per second on Linux). Throws when the process is gone.
 */
export function procStat(pid: number): { comm: string; ticks: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // comm is in parentheses and may hold spaces or parentheses; the fields after it are space-separated.
  const close = stat.lastIndexOf(")");
  const rest = stat.slice(close + 2).split(" ");
  return { comm: stat.slice(stat.indexOf("(") + 1, close), ticks: Number(rest[11]) + Number(rest[12]) };
}

const cpuTicks = (pid: number) => procStat(pid).ticks;

/** A sample's value in a Prometheus /metrics text (the first series of `name`, whatever its labels), or null. */
export function metricValue(text: string, name: string): number | null {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([\\d.e+-]+)$`, "m").exec(text);
  return m ? Number(m[1]) : null;
}

async function loopP99(url: string): Promise<number> {
  const text = await fetch(`${url}/metrics`).then((r) => r.text(), () => "");
  const p99 = metricValue(text, "nodejs_eventloop_lag_p99_seconds");
  return p99 === null ? Number.NaN : p99 * 1000;
}

/** One request autocannon sends: a GET of `path`, or any method with a body; `onResponse` sees the answer. */
export interface LoadRequest {
  setupRequest: (req: object, context: Record<string, unknown>) => object;
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}

function run(url: string, request: LoadRequest, connections: number, seconds: number, onResponse?: (ms: number, status: number) => void) {
  return new Promise<{ total: number; non2xx: number; errors: number }>((resolve) => {
    const instance = autocannon({ url, connections, duration: seconds, requests: [request] });
    if (onResponse) instance.on("response", (_c, status, _b, ms) => onResponse(ms, status));
    instance.on("done", (r) => resolve({ total: r.requests.total, non2xx: r.non2xx, errors: r.errors }));
  });
}

interface ScenarioOptions {
  url: string;
  pid: number;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  engine?: EngineProbe;
}

/** `warmupSeconds` of the same load unmeasured, then `seconds` measured. */
export function scenario(name: string, o: ScenarioOptions & { paths: () => string }): Promise<ScenarioResult> {
  return requestScenario(name, { ...o, request: { setupRequest: (req) => ({ ...req, path: o.paths() }) } });
}

/** As `scenario`, for requests that are not plain GETs (a tRPC mutation) or whose answers matter. */
export async function requestScenario(name: string, o: ScenarioOptions & { request: LoadRequest }): Promise<ScenarioResult> {
  if (o.warmupSeconds > 0) await run(o.url, o.request, o.connections, o.warmupSeconds);
  const latencies: number[] = [];
  let peak = rssKiB(o.pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssKiB(o.pid))), 100);
  await loopP99(o.url);
  const engineBefore = await o.engine?.();
  const ticks = cpuTicks(o.pid);
  const started = performance.now();
  // Only answers count: a fast SERVICE_UNAVAILABLE from an open breaker is not throughput (it is in `non2xx`).
  const r = await run(o.url, o.request, o.connections, o.seconds, (ms, status) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const elapsed = (performance.now() - started) / 1000;
  const apiCpuPercent = ((cpuTicks(o.pid) - ticks) / 100 / elapsed) * 100;
  const loopP99Ms = await loopP99(o.url);
  const engineAfter = await o.engine?.();
  clearInterval(sampler);
  latencies.sort((a, b) => a - b);
  return {
    name,
    requests: latencies.length,
    reqPerSec: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    non2xx: r.non2xx,
    errors: r.errors,
    peakRssMiB: peak / 1024,
    apiCpuPercent,
    loopP99Ms,
    ...(engineBefore && engineAfter && engineAfter.count > engineBefore.count ? { engineMs: (engineAfter.ms - engineBefore.ms) / (engineAfter.count - engineBefore.count) } : {}),
  };
}

/** A tRPC v11 POST of a mutation with the superjson transformer. */
export const trpcMutation = (req: object, path: string, input: unknown) => ({
  ...req,
  method: "POST",
  path: `/trpc/${path}`,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ json: input }),
});

/** A tRPC v11 GET of a query with the superjson transformer. */
export const trpcQuery = (path: string, input: unknown) => `/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
