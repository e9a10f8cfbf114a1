// What Prisma costs per transaction and per statement on this machine, next to node-postgres on the same
// pool settings: the figure behind "the hot paths off Prisma" as the checkout's next lever (issue 8,
// docs/benchmarks.md). Each case runs the same statements in row-level-security context (BEGIN with
// the context, the statements, COMMIT), 8 at a time, against its own freshly migrated database:
//   - Prisma: asPlatform (our interactive transaction) with $queryRaw, then with a model read;
//   - node-postgres: one pooled client, the context sent with BEGIN as createDb does.
// Reported per transaction: this process's CPU (Node: Prisma or pg, and the driver) and the machine's
// (this process plus the PostgreSQL backends). Run from the repo root: pnpm bench:db  (infra up)
// Options (env): BENCH_DB_TRANSACTIONS (3000 per case), BENCH_WRITE (default RESULTS.md here).
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Pool, PoolClient } from "pg";
import { createDb } from "../../packages/db/src/client";
import { asPlatform } from "../../packages/db/src/tenant-context";
import { contextSql } from "../../packages/db/src/begin-context";
import { createTestDatabase } from "../../packages/db/src/testing";
import { machineCpu, machineFacts } from "../cart/shop-world";

// node-postgres as packages/db has it (the bench folder has no dependencies of its own).
const pg = createRequire(join(import.meta.dirname, "../../packages/db/package.json"))("pg") as { Pool: new (config: object) => Pool };

const N = Number(process.env.BENCH_DB_TRANSACTIONS ?? 3_000);
const CONCURRENCY = 8;
const resultsFile = process.env.BENCH_WRITE ?? join(import.meta.dirname, "RESULTS.md");
const started = new Date();
const loadBefore = loadavg()[0]!;

const database = await createTestDatabase(`bench_db_${randomUUID().slice(0, 6)}`);
const db = createDb({ url: database.url, poolSize: CONCURRENCY, applicationName: "bench-db" });
const pool = new pg.Pool({ connectionString: database.url, max: CONCURRENCY, application_name: "bench-db-pg" });
const platform = contextSql({ platform: true, tenantId: "", userId: "" });
const missing = randomUUID();

interface Case {
  name: string;
  statements: number;
  run: () => Promise<unknown>;
}

async function pgTransaction(statements: (client: PoolClient) => Promise<unknown>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query(`BEGIN; ${platform}`);
    await statements(client);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

const cases: Case[] = [
  { name: "Prisma: asPlatform + 1 $queryRaw", statements: 1, run: () => asPlatform(db, (tx) => tx.$queryRaw`SELECT 1 AS one`) },
  {
    name: "Prisma: asPlatform + 4 $queryRaw",
    statements: 4,
    run: () =>
      asPlatform(db, async (tx) => {
        for (let i = 0; i < 4; i++) await tx.$queryRaw`SELECT ${i}::int AS i`;
      }),
  },
  {
    name: "Prisma: asPlatform + 4 findUnique (checkout_sagas by id)",
    statements: 4,
    run: () =>
      asPlatform(db, async (tx) => {
        for (let i = 0; i < 4; i++) await tx.checkoutSaga.findUnique({ where: { id: missing } });
      }),
  },
  { name: "node-postgres: 1 query", statements: 1, run: () => pgTransaction((c) => c.query("SELECT 1 AS one")) },
  {
    name: "node-postgres: 4 queries",
    statements: 4,
    run: () =>
      pgTransaction(async (c) => {
        for (let i = 0; i < 4; i++) await c.query("SELECT $1::int AS i", [i]);
      }),
  },
  {
    name: "node-postgres: 4 checkout_sagas reads by id",
    statements: 4,
    run: () =>
      pgTransaction(async (c) => {
        for (let i = 0; i < 4; i++) await c.query({ name: "saga-by-id", text: "SELECT * FROM checkout_sagas WHERE id = $1", values: [missing] });
      }),
  },
];

interface Result {
  name: string;
  statements: number;
  perSecond: number;
  nodeMs: number;
  machineMs: number;
}

async function measure(c: Case): Promise<Result> {
  for (let i = 0; i < 300; i++) await c.run();
  const cpu0 = process.cpuUsage();
  const machine0 = machineCpu();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < N) await c.run();
    }),
  );
  const seconds = (performance.now() - t0) / 1_000;
  const cpu = process.cpuUsage(cpu0);
  const machine1 = machineCpu();
  return { name: c.name, statements: c.statements, perSecond: N / seconds, nodeMs: (cpu.user + cpu.system) / 1_000 / N, machineMs: (machine1.busyMs - machine0.busyMs) / N };
}

const results: Result[] = [];
try {
  for (const c of cases) {
    const r = await measure(c);
    results.push(r);
    console.log(`${r.name.padEnd(58)} ${r.perSecond.toFixed(0).padStart(6)}/s  Node ${r.nodeMs.toFixed(3)} ms  machine ${r.machineMs.toFixed(3)} ms per transaction`);
  }
} finally {
  await db.$disconnect();
  await pool.end();
  await database.drop();
}

const m = machineFacts(loadBefore);
const byName = new Map(results.map((r) => [r.name, r]));
const ratio = (a: string, b: string) => byName.get(a)!.nodeMs / byName.get(b)!.nodeMs;
writeFileSync(
  resultsFile,
  `# Prisma and node-postgres per transaction — \`pnpm bench:db\`

Run of ${started.toISOString().slice(0, 16).replace("T", " ")} UTC. ${N.toLocaleString("en")} transactions per case, ${CONCURRENCY} at a time, each in
row-level-security context (BEGIN carrying the context, the statements, COMMIT) against a freshly
migrated database. "Node" is this process's CPU per transaction (the client library and the driver);
"machine" is every process's (this one and the PostgreSQL backends; the machine is shared, so it moves
with whatever else runs). No business logic: this is the floor each way costs.

Machine: ${m.cores} cores (${m.cpuModel}), Node ${m.node}; load average ${m.loadBefore.toFixed(1)} before, ${m.loadAfter.toFixed(1)} after.

| case | statements | transactions/s | Node CPU ms per transaction | machine CPU ms per transaction |
|---|---|---|---|---|
${results.map((r) => `| ${r.name} | ${r.statements} | ${r.perSecond.toFixed(0)} | ${r.nodeMs.toFixed(3)} | ${r.machineMs.toFixed(3)} |`).join("\n")}

Prisma's Node CPU over node-postgres's: ${ratio("Prisma: asPlatform + 4 $queryRaw", "node-postgres: 4 queries").toFixed(1)}× for four raw statements, ${ratio("Prisma: asPlatform + 4 findUnique (checkout_sagas by id)", "node-postgres: 4 checkout_sagas reads by id").toFixed(1)}× for four model reads
(Prisma's query compiler caches the plan, so a model read costs about what a raw one does; the cost is
its request pipeline and interactive-transaction machinery, not the SQL).
`,
);
console.log(`wrote ${resultsFile}`);
