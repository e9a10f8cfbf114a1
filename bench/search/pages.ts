// The storefront's HTML from the production build of apps/web (`next start`): time to first byte and
// throughput of the product page (Redis read model) and a category page (OpenSearch listing with facets).
// Our own HTTP loop rather than autocannon, because autocannon times whole responses and a Next page
// streams: TTFB is the first body byte, "full" the last. Each scenario runs `connections` loops over one
// keep-alive agent: first a warm-up, then the measured window. Peak RSS is the Next server's.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { createRequire } from "node:module";
import { join } from "node:path";

export interface PageResult {
  name: string;
  connections: number;
  requests: number;
  reqPerSec: number;
  ttfbP50: number;
  ttfbP99: number;
  fullP50: number;
  fullP99: number;
  failures: number;
  peakRssMiB: number;
}

const webDir = join(import.meta.dirname, "../../apps/web");
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

function rssKiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** One GET: ms to the first body byte and to the end; status. */
function get(agent: Agent, url: URL, path: string): Promise<{ ttfb: number; full: number; status: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let ttfb = 0;
    const req = request({ agent, host: url.hostname, port: url.port, path, headers: { accept: "text/html" } }, (res) => {
      res.on("data", () => (ttfb ||= performance.now() - started));
      res.on("end", () => resolve({ ttfb: ttfb || performance.now() - started, full: performance.now() - started, status: res.statusCode ?? 0 }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

async function loops(base: string, paths: () => string, connections: number, seconds: number, record: boolean) {
  const url = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const ttfb: number[] = [];
  const full: number[] = [];
  let failures = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const r = await get(agent, url, paths()).catch(() => null);
        if (!r || r.status !== 200) failures += 1;
        else if (record) {
          ttfb.push(r.ttfb);
          full.push(r.full);
        }
      }
    }),
  );
  agent.destroy();
  return { ttfb, full, failures, elapsed: (performance.now() - started) / 1000 };
}

export async function pageScenario(name: string, o: { url: string; paths: () => string; pid: number; connections: number; warmupSeconds: number; seconds: number }): Promise<PageResult> {
  await loops(o.url, o.paths, o.connections, o.warmupSeconds, false);
  let peak = rssKiB(o.pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssKiB(o.pid))), 100);
  const r = await loops(o.url, o.paths, o.connections, o.seconds, true);
  clearInterval(sampler);
  r.ttfb.sort((a, b) => a - b);
  r.full.sort((a, b) => a - b);
  return {
    name,
    connections: o.connections,
    requests: r.full.length,
    reqPerSec: r.full.length / r.elapsed,
    ttfbP50: percentile(r.ttfb, 50),
    ttfbP99: percentile(r.ttfb, 99),
    fullP50: percentile(r.full, 50),
    fullP99: percentile(r.full, 99),
    failures: r.failures,
    peakRssMiB: peak / 1024,
  };
}

/**
 * `next start` of apps/web's production build on `port` (built first when there is none: a few minutes
 * on two cores); resolves once the server answers.
 */
export async function startWeb(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const requireFromWeb = createRequire(join(webDir, "package.json"));
  const nextBin = join(requireFromWeb.resolve("next/package.json"), "../dist/bin/next");
  if (!existsSync(join(webDir, ".next/BUILD_ID"))) {
    console.log("building apps/web (next build)…");
    const build = spawn(process.execPath, [nextBin, "build"], { cwd: webDir, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" }, stdio: ["ignore", "ignore", "inherit"] });
    const code = await new Promise<number | null>((r) => build.once("exit", r));
    if (code !== 0) throw new Error(`next build exited with ${code}`);
  }
  const web = spawn(process.execPath, [nextBin, "start", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: webDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env, NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; ; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/trpc/health.ping`).then((r) => r.ok, () => false);
    if (ok) return web;
    if (web.exitCode !== null) throw new Error(`next start exited with ${web.exitCode}`);
    if (i > 600) throw new Error("next start did not answer within 60 s");
    await new Promise((r) => setTimeout(r, 100));
  }
}
