// Auth benchmark against the real tRPC HTTP server: login and token-refresh throughput and latency, and
// the latency the rate-limit middleware adds to a trivial procedure.
// Run from the repo root: node --import tsx bench/auth/run.ts   (services up: PostgreSQL, Redis)
// Options (env): BENCH_LOGINS (default 400), BENCH_LOGIN_CONCURRENCY (8), BENCH_REFRESHES (4000),
// BENCH_REFRESH_CONCURRENCY (16), BENCH_PINGS (4000 per side), BENCH_WRITE (results file, default
// RESULTS.md here). Bounded: every phase has a deadline and the run stops by itself.
import { writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { ARGON2ID_PARAMS, hashPassword, verifyPassword } from "../../packages/api/src/identity/password";
import { RateLimiter } from "../../packages/api/src/security/rate-limiter";
import { rateLimitPolicies } from "../../packages/api/src/security/rate-limit";
import { PASSWORD, startBench } from "./harness";
import { closedLoop, summarize, type LoadResult } from "./measure";
import { renderResults } from "./report";

const LOGINS = Number(process.env.BENCH_LOGINS ?? 400);
const LOGIN_CONCURRENCY = Number(process.env.BENCH_LOGIN_CONCURRENCY ?? 8);
const REFRESHES = Number(process.env.BENCH_REFRESHES ?? 4_000);
const REFRESH_CONCURRENCY = Number(process.env.BENCH_REFRESH_CONCURRENCY ?? 16);
const PINGS = Number(process.env.BENCH_PINGS ?? 4_000);
const resultsFile = process.env.BENCH_WRITE ?? join(import.meta.dirname, "RESULTS.md");

interface TrpcEnvelope<T> {
  result?: { data: { json: T } };
  error?: { json: { message: string; data: { code: string } } };
}

async function mutate<T>(url: string, path: string, input: unknown): Promise<T> {
  const response = await fetch(`${url}/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: input }) });
  const body = (await response.json()) as TrpcEnvelope<T>;
  if (!body.result) throw new Error(`${path}: HTTP ${response.status} ${body.error?.json.data.code} ${body.error?.json.message}`);
  return body.result.data.json;
}

async function ping(url: string): Promise<void> {
  const response = await fetch(`${url}/trpc/health.ping`);
  if (response.status !== 200) throw new Error(`health.ping: HTTP ${response.status}`);
  await response.arrayBuffer();
}

type BlockRun = LoadResult & { latencies: number[] };

const brief = ({ latencies: _latencies, ...r }: BlockRun) => JSON.stringify(r);

interface Tokens {
  status: string;
  refreshToken: string;
}

const loadBefore = loadavg()[0]!;
const started = new Date();

// The hashing cost on its own: one verification at a time.
const sample = await hashPassword(PASSWORD);
const verifyTimes: number[] = [];
for (let i = 0; i < 20; i++) {
  const t0 = performance.now();
  await verifyPassword(sample, PASSWORD);
  verifyTimes.push(performance.now() - t0);
}
const verify = summarize(verifyTimes, 0, verifyTimes.reduce((a, b) => a + b, 0));
console.log(`argon2id verify alone: ${JSON.stringify(verify)}`);

const bench = await startBench(64);
try {
  const { limited, unlimited, emails } = bench;

  // (a) Login: argon2id verification + session and refresh-token rows + JWT, through the full stack.
  let next = 0;
  await closedLoop({ concurrency: 2, count: 10, deadlineMs: 30_000 }, () => mutate(limited.url, "identity.login", { email: emails[next++ % emails.length], password: PASSWORD }));
  const login = await closedLoop({ concurrency: LOGIN_CONCURRENCY, count: LOGINS, deadlineMs: 180_000 }, async () => {
    const result = await mutate<Tokens>(limited.url, "identity.login", { email: emails[next++ % emails.length], password: PASSWORD });
    if (result.status !== "authenticated") throw new Error(result.status);
  });
  console.log(`login: ${brief(login)}`);

  // (b) Refresh: each worker rotates its own family (mark used + insert next + JWT), as clients do.
  const chains = await Promise.all(
    Array.from({ length: REFRESH_CONCURRENCY }, (_, i) => mutate<Tokens>(limited.url, "identity.login", { email: emails[i % emails.length], password: PASSWORD })),
  );
  const tokens = chains.map((c) => c.refreshToken);
  const rotate = async (worker: number) => {
    const result = await mutate<Tokens>(limited.url, "identity.refresh", { refreshToken: tokens[worker] });
    tokens[worker] = result.refreshToken;
  };
  await closedLoop({ concurrency: REFRESH_CONCURRENCY, count: 200, deadlineMs: 30_000 }, rotate);
  const refresh = await closedLoop({ concurrency: REFRESH_CONCURRENCY, count: REFRESHES, deadlineMs: 120_000 }, rotate);
  console.log(`refresh: ${brief(refresh)}`);

  // (c) Rate-limiter overhead on health.ping: the same server with and without the middleware, in
  // alternating blocks so drift in machine load hits both sides alike.
  for (const side of [limited, unlimited]) await closedLoop({ concurrency: 1, count: 300, deadlineMs: 30_000 }, () => ping(side.url));
  const combine = (parts: BlockRun[]) =>
    summarize(parts.flatMap((p) => p.latencies), parts.reduce((n, p) => n + p.errors, 0), parts.reduce((n, p) => n + p.elapsedMs, 0));
  const alternate = async (concurrency: number, block: number) => {
    const runs = { with: [] as BlockRun[], without: [] as BlockRun[] };
    for (let done = 0; done < PINGS; done += block) {
      runs.with.push(await closedLoop({ concurrency, count: block, deadlineMs: 60_000 }, () => ping(limited.url)));
      runs.without.push(await closedLoop({ concurrency, count: block, deadlineMs: 60_000 }, () => ping(unlimited.url)));
    }
    return { with: combine(runs.with), without: combine(runs.without) };
  };
  const sequential = await alternate(1, 250);
  const concurrent = await alternate(16, 500);
  // The limiter's own cost: one EVALSHA of the token-bucket script drawing from two buckets.
  const limiter = new RateLimiter(bench.identity.redis, rateLimitPolicies({ burst: 1e9, perSecond: 1e9 }));
  const buckets = [
    { key: "bench:addr", burst: 1e9, perSecond: 1e9 },
    { key: "bench:acct", burst: 1e9, perSecond: 1e9 },
  ];
  const script = await closedLoop({ concurrency: 1, count: 2_000, deadlineMs: 60_000 }, async () => {
    await limiter.consume(buckets);
  });

  const md = renderResults({
    date: started,
    machine: { cores: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", ramGiB: totalmem() / 2 ** 30, node: process.version, loadBefore, loadAfter: loadavg()[0]! },
    argon2: ARGON2ID_PARAMS,
    threadpool: Number(process.env.UV_THREADPOOL_SIZE ?? 4),
    verify,
    login: { ...login, concurrency: LOGIN_CONCURRENCY },
    refresh: { ...refresh, concurrency: REFRESH_CONCURRENCY },
    overhead: { sequential, concurrent, script },
  });
  writeFileSync(resultsFile, md);
  console.log(`\nwrote ${resultsFile}\n\n${md}`);
} finally {
  await bench.close();
}
