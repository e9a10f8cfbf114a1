// Seeding benchmark: `pnpm --filter @bazaar/db seed:bulk` loading 1,000 products × 3 variants with prices
// and stock (goal: under 5 s), timed in-process (the load alone) and as the whole command (pnpm + tsx
// start-up included), each run into a fresh tenant of a database this script creates and drops.
// Run from the repo root: pnpm bench:seed   (PostgreSQL up)
// Options (env): BENCH_PRODUCTS (default 1000), BENCH_RUNS (5 per mode), BENCH_WRITE (results file,
// default RESULTS.md here). Bounded: each command run has a 120 s deadline.
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { bulkSeed, type BulkSeedResult } from "../../packages/db/src/bulk-seed";
import { createDb, type Db } from "../../packages/db/src/client";
import { asPlatform } from "../../packages/db/src/tenant-context";
import { createTestDatabase, testDatabaseName } from "../../packages/db/src/testing";
import { renderResults, type SeedRun } from "./report";

const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 1_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const resultsFile = process.env.BENCH_WRITE ?? join(import.meta.dirname, "RESULTS.md");
const run = promisify(execFile);

/** What the run left in its tenant: counts, and levels the ledger does not rebuild (must be 0). */
async function check(db: Db, tenantId: string) {
  const [r] = await asPlatform(db, (tx) =>
    tx.$queryRaw<{ products: number; variants: number; priced: number; levels: number; unbalanced: number }[]>`
      SELECT (SELECT count(*) FROM products WHERE tenant_id = ${tenantId}::uuid)::int AS products,
             (SELECT count(*) FROM product_variants WHERE tenant_id = ${tenantId}::uuid)::int AS variants,
             (SELECT count(*) FROM product_variants WHERE tenant_id = ${tenantId}::uuid AND price_amount > 0)::int AS priced,
             (SELECT count(*) FROM stock_levels WHERE tenant_id = ${tenantId}::uuid)::int AS levels,
             (SELECT count(*) FROM (
                SELECT l.id FROM stock_levels l
                LEFT JOIN stock_movements m ON m.tenant_id = l.tenant_id AND m.variant_id = l.variant_id AND m.location_id = l.location_id
                WHERE l.tenant_id = ${tenantId}::uuid GROUP BY l.id, l.on_hand
                HAVING l.on_hand <> coalesce(sum(m.on_hand_delta), 0)) u)::int AS unbalanced`,
  );
  const ok = r && r.products === PRODUCTS && r.variants === PRODUCTS * 3 && r.priced === PRODUCTS * 3 && r.levels === PRODUCTS * 3 && r.unbalanced === 0;
  if (!ok) throw new Error(`run left ${JSON.stringify(r)} in ${tenantId}`);
}

const loadBefore = loadavg()[0]!;
const started = new Date();
const db = await createTestDatabase(testDatabaseName(`bench_seed_${process.pid}`));
const checker = createDb({ url: db.url, poolSize: 1, applicationName: "bench-seed-check" });
const runs: SeedRun[] = [];
try {
  for (let i = 1; i <= RUNS; i++) {
    const result = await bulkSeed({ url: db.url, products: PRODUCTS, tenantSlug: `bench-lib-${i}` });
    await check(checker, result.tenantId);
    runs.push({ mode: "in-process", run: i, loadMs: result.ms, wallMs: result.ms });
    console.log(`in-process run ${i}: ${result.ms.toFixed(0)} ms`);
  }
  for (let i = 1; i <= RUNS; i++) {
    const t0 = performance.now();
    const { stdout } = await run("pnpm", ["--silent", "--filter", "@bazaar/db", "seed:bulk", "--products", String(PRODUCTS), "--tenant", `bench-cli-${i}`, "--json"], {
      env: { ...process.env, DATABASE_URL: db.url },
      timeout: 120_000,
    });
    const wallMs = performance.now() - t0;
    const line = stdout.trim().split("\n").findLast((l) => l.startsWith("{"));
    if (!line) throw new Error(`seed:bulk printed no result: ${stdout}`);
    const result = JSON.parse(line) as BulkSeedResult;
    await check(checker, result.tenantId);
    runs.push({ mode: "command", run: i, loadMs: result.ms, wallMs });
    console.log(`command run ${i}: load ${result.ms.toFixed(0)} ms, wall ${wallMs.toFixed(0)} ms`);
  }
} finally {
  await checker.$disconnect();
  await db.drop();
}

const cpu = cpus();
const report = renderResults({
  date: started,
  products: PRODUCTS,
  machine: {
    cores: cpu.length,
    cpuModel: cpu[0]?.model.trim() ?? "unknown",
    ramGiB: totalmem() / 1024 ** 3,
    node: process.version,
    loadBefore,
    loadAfter: loadavg()[0]!,
  },
  runs,
});
writeFileSync(resultsFile, report);
console.log(`\nwrote ${resultsFile}`);
