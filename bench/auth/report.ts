import type { LoadResult } from "./measure";

export interface ReportInput {
  date: Date;
  machine: { cores: number; cpuModel: string; ramGiB: number; node: string; loadBefore: number; loadAfter: number };
  argon2: { memoryCost: number; timeCost: number; parallelism: number };
  threadpool: number;
  verify: LoadResult;
  login: LoadResult & { concurrency: number };
  refresh: LoadResult & { concurrency: number };
  overhead: {
    sequential: { with: LoadResult; without: LoadResult };
    concurrent: { with: LoadResult; without: LoadResult };
    script: LoadResult;
  };
}

const ms = (x: number) => `${x.toFixed(Math.abs(x) < 10 ? 2 : 1)} ms`;
const signed = (x: number) => `${x >= 0 ? "+" : "−"}${ms(Math.abs(x))}`;
const n = (x: number) => Math.round(x).toLocaleString("en");

function row(label: string, r: LoadResult): string {
  return `| ${label} | ${n(r.operations)} | ${r.errors} | **${r.perSecond.toFixed(1)}/s** | ${ms(r.p50)} | ${ms(r.p90)} | **${ms(r.p99)}** | ${ms(r.max)} |`;
}

export function renderResults(r: ReportInput): string {
  const { machine: m, argon2: a, overhead: o } = r;
  const seqDiff = o.sequential.with.mean - o.sequential.without.mean;
  const p50Diff = o.sequential.with.p50 - o.sequential.without.p50;
  return `# Auth benchmark

Against the real tRPC HTTP server (\`createApiServer\`: helmet, CORS, context with the bearer-token
session resolver, observe/metrics, error mapping, rate limiting), PostgreSQL and Redis on the same machine;
the load generator (Node fetch, keep-alive) runs in the same process as the server.

- Command: \`node --import tsx bench/auth/run.ts\` (from the repo root; PostgreSQL and Redis up)
- Date: ${r.date.toISOString()}
- Machine: ${m.cores} cores (${m.cpuModel}), ${m.ramGiB.toFixed(1)} GiB RAM, Node ${m.node}, PostgreSQL 15, Redis 7
- 1-minute load average: ${m.loadBefore.toFixed(1)} before, ${m.loadAfter.toFixed(1)} after (the machine is shared with other work)
- **Password hashing: argon2id, m = ${a.memoryCost} KiB (${a.memoryCost / 1024} MiB), t = ${a.timeCost}, p = ${a.parallelism}**
  (\`ARGON2ID_PARAMS\` in packages/api/src/identity/password.ts; the same cost in tests and production).
  One verification alone: p50 ${ms(r.verify.p50)}, max ${ms(r.verify.max)}. Hashing runs on libuv's pool (${r.threadpool} threads).
- Rate limiting was on for (a) and (b) with buckets too large to refuse anything, so its cost is included.

## (a) Login and (b) token refresh

| operation | done | errors | throughput | p50 | p90 | p99 | max |
|---|---|---|---|---|---|---|---|
${row(`login (${r.login.concurrency} concurrent)`, r.login)}
${row(`refresh (${r.refresh.concurrency} concurrent)`, r.refresh)}

Login = email lookup, argon2id verification, second-factor lookup, session + refresh-token rows in one
transaction, HS256 JWT. Its ceiling is the hash: ${m.cores} cores / ${ms(r.verify.p50)} per verification ≈
${n((m.cores * 1000) / r.verify.p50)} logins/s at best. Refresh = token lookup, conditional UPDATE (mark used),
INSERT of the next token and UPDATE of the session in one transaction, then a JWT; no hashing.

## (c) Rate limiter's added latency (\`health.ping\`, same server with and without the middleware)

| measure | with | without | difference |
|---|---|---|---|
| sequential, mean | ${ms(o.sequential.with.mean)} | ${ms(o.sequential.without.mean)} | **${signed(seqDiff)}** (×${(o.sequential.with.mean / o.sequential.without.mean).toFixed(2)}) |
| sequential, p50 | ${ms(o.sequential.with.p50)} | ${ms(o.sequential.without.p50)} | ${signed(p50Diff)} |
| sequential, p99 | ${ms(o.sequential.with.p99)} | ${ms(o.sequential.without.p99)} | ${signed(o.sequential.with.p99 - o.sequential.without.p99)} |
| 16 concurrent, throughput | ${o.concurrent.with.perSecond.toFixed(0)}/s | ${o.concurrent.without.perSecond.toFixed(0)}/s | ×${(o.concurrent.with.perSecond / o.concurrent.without.perSecond).toFixed(2)} |
| 16 concurrent, p99 | ${ms(o.concurrent.with.p99)} | ${ms(o.concurrent.without.p99)} | ${signed(o.concurrent.with.p99 - o.concurrent.without.p99)} |

${n(o.sequential.with.operations)} requests per side, sequential in alternating blocks of 250, concurrent in alternating blocks of 500,
so drift in the shared machine's load hits both sides alike. The middleware's work is one
EVALSHA of the token-bucket script (over the address bucket; signed-in callers add their account's bucket
to the same call). The script call alone, with two buckets: p50
${ms(o.script.p50)}, p99 ${ms(o.script.p99)} (${n(o.script.operations)} calls).
`;
}
