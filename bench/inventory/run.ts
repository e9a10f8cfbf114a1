// Inventory benchmark: reservations per second and their latency on one hot variant (every caller
// fights over one stock_levels row) and on variants spread over many rows, through the service exactly
// as the checkout saga calls it (a tenant transaction: conditional UPDATE, reservation rows, ledger
// rows, outbox event). After each scenario the ledger check must pass and the reserved units must equal
// the reservations that succeeded; then the sweeper expires everything and the check runs again.
// Run from the repo root: pnpm bench:inventory   (PostgreSQL up)
// Options (env): BENCH_SECONDS per scenario (default 10), BENCH_CONCURRENCY (20 callers on a pool of
// as many connections), BENCH_SPREAD_VARIANTS (200), BENCH_WRITE (results file, default RESULTS.md here).
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { asPlatform, withTenant } from "../../packages/db/src/index";
import { checkLedger, expireDueReservations, reserve } from "../../packages/api/src/inventory/inventory.service";
import { startInventoryHarness } from "../../packages/api/src/inventory/inventory.testing";
import { closedLoop } from "../auth/measure";
import { renderResults, type Scenario } from "./report";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const SPREAD = Number(process.env.BENCH_SPREAD_VARIANTS ?? 200);
const resultsFile = process.env.BENCH_WRITE ?? join(import.meta.dirname, "RESULTS.md");
const STOCK = 1_000_000;

const loadBefore = loadavg()[0]!;
const started = new Date();
const h = await startInventoryHarness("bench_inventory", { poolSize: CONCURRENCY });
const scenarios: Scenario[] = [];
let sweep = { expired: 0, seconds: 0, perSecond: 0 };
try {
  const seller = await h.seller("bench", SPREAD + 1);
  const tenantId = seller.tenantId;
  const manager = await h.caller(seller.users.MANAGER, tenantId);
  const location = await manager.inventory.createLocation({ name: "Main", code: "main" });
  for (const variantId of seller.variantIds) await manager.inventory.receiveStock({ variantId, locationId: location.id, quantity: STOCK });
  const [hot, ...spread] = seller.variantIds as [string, ...string[]];

  let n = 0;
  const run = async (name: string, pick: () => string) => {
    const result = await closedLoop({ concurrency: CONCURRENCY, count: Number.MAX_SAFE_INTEGER, deadlineMs: SECONDS * 1000 }, () =>
      withTenant(h.db, tenantId, (tx) =>
        reserve(tx, tenantId, null, { idempotencyKey: `bench-${n++}-${h.runId}`, ttlSeconds: 600, lines: [{ variantId: pick(), quantity: 1 }] }),
      ).then(() => undefined),
    );
    const { latencies: _latencies, ...figures } = result;
    const ledger = await asPlatform(h.db, (tx) => checkLedger(tx));
    const held = await asPlatform(h.db, (tx) => tx.stockLevel.aggregate({ where: { tenantId }, _sum: { reserved: true } }));
    console.log(`${name}: ${JSON.stringify(figures)} ledger balanced ${ledger.balanced}`);
    scenarios.push({ name, concurrency: CONCURRENCY, ...figures, ledgerBalanced: ledger.balanced, mismatches: ledger.mismatches.length, reservedAfter: held._sum.reserved ?? 0 });
  };

  await run("warm-up (discarded)", () => spread[n % spread.length]!);
  scenarios.length = 0;
  const warmReserved = (await asPlatform(h.db, (tx) => tx.stockLevel.aggregate({ where: { tenantId }, _sum: { reserved: true } })))._sum.reserved ?? 0;
  await run("hot: one variant, one location", () => hot);
  await run(`spread: ${SPREAD} variants`, () => spread[Math.floor(Math.random() * spread.length)]!);
  // Reserved units after each scenario must be what every earlier success held, no more, no less.
  let expected = warmReserved;
  for (const s of scenarios) {
    expected += s.operations;
    if (s.reservedAfter !== expected) throw new Error(`${s.name}: ${s.reservedAfter} units reserved, ${expected} reservations succeeded`);
  }

  // The sweeper's side: every reservation made above, expired in batches as the worker does.
  const future = new Date(Date.now() + 3_600_000);
  const t0 = performance.now();
  for (;;) {
    const count = await asPlatform(h.db, (tx) => expireDueReservations(tx, { now: future, limit: 500 }));
    if (count === 0) break;
    sweep.expired += count;
  }
  sweep.seconds = (performance.now() - t0) / 1000;
  sweep = { ...sweep, perSecond: sweep.expired / sweep.seconds };
  const after = await asPlatform(h.db, (tx) => checkLedger(tx));
  if (!after.balanced) throw new Error(`ledger unbalanced after the sweep: ${JSON.stringify(after.mismatches.slice(0, 3))}`);
  console.log(`sweep: ${JSON.stringify(sweep)}; ledger balanced ${after.balanced} over ${after.movements} movements`);
} finally {
  await h.close();
}

const pgVersion = (() => {
  try {
    return execFileSync("psql", ["--version"], { encoding: "utf8" }).trim();
  } catch {
    return "PostgreSQL 15";
  }
})();
writeFileSync(
  resultsFile,
  renderResults({
    date: started,
    machine: { cores: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", ramGiB: totalmem() / 2 ** 30, node: process.version, pg: pgVersion, loadBefore, loadAfter: loadavg()[0]! },
    seconds: SECONDS,
    scenarios,
    sweep,
  }),
);
console.log(`wrote ${resultsFile}`);
