import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { asPlatform, withTenant } from "@bazaar/db";
import { waitUntil } from "@bazaar/events/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkLedger, reserve } from "./inventory.service";
import { startInventoryHarness, type InventoryHarness, type SellerFixture } from "./inventory.testing";

// A process taking multi-line reservations is SIGKILLed mid-batch: whatever it had in flight must be
// wholly there or wholly absent, the ledger must balance, and re-running the batch with the same keys
// must replay the committed reservations and take only the missing ones (nothing doubled).

const COUNT = 120;
let h: InventoryHarness;
let s: SellerFixture;
let location = "";

beforeAll(async () => {
  h = await startInventoryHarness("api_reservations_crash", { poolSize: 8 });
  s = await h.seller("crash", 2);
  const manager = await h.caller(s.users.MANAGER, s.tenantId);
  location = (await manager.inventory.createLocation({ name: "Main", code: "main" })).id;
  for (const variantId of s.variantIds) await manager.inventory.receiveStock({ variantId, locationId: location, quantity: 1_000 });
});

afterAll(async () => {
  await h?.close();
});

const state = () =>
  asPlatform(h.db, async (tx) => ({
    groups: await tx.stockReservationGroup.findMany({ include: { lines: true } }),
    movements: await tx.stockMovement.groupBy({ by: ["reservationId"], where: { kind: "RESERVATION" }, _count: { _all: true } }),
    levels: await tx.stockLevel.findMany({ select: { variantId: true, onHand: true, reserved: true } }),
    ledger: await checkLedger(tx),
  }));

describe("a reservation batch killed mid-flight", () => {
  it("leaves every reservation whole or absent, the ledger balanced, and a re-run doubles nothing", { timeout: 120_000 }, async () => {
    const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "scripts/reserve-batch.ts")], {
      cwd: join(import.meta.dirname, "../.."),
      env: {
        ...process.env,
        DATABASE_URL: h.database.url,
        TENANT_ID: s.tenantId,
        VARIANT_IDS: s.variantIds.join(","),
        KEY_PREFIX: `crash-${h.runId}`,
        COUNT: String(COUNT),
        CONCURRENCY: "8",
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
    let committed = 0;
    createInterface({ input: child.stdout }).on("line", () => {
      if (++committed === 25) child.kill("SIGKILL");
    });
    expect(await exited).toBe("SIGKILL");

    // The server ends the killed backends' transactions (half-done reservations roll back); read only
    // once every one of its sessions is gone, so no COMMIT already on the wire lands after the read.
    await waitUntil(
      async () =>
        (await h.db.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'inventory-reserve-batch'`)[0]!.n === 0,
      { timeoutMs: 30_000, intervalMs: 50, description: "the killed batch's sessions ended" },
    );
    const afterKill = await state();
    expect(afterKill.groups.length).toBeGreaterThanOrEqual(25);
    expect(afterKill.groups.length).toBeLessThan(COUNT);
    for (const g of afterKill.groups) expect(g.lines.map((l) => l.quantity)).toEqual([1, 1]);
    expect(afterKill.movements.every((m) => m._count._all === 1)).toBe(true);
    expect(afterKill.movements).toHaveLength(afterKill.groups.length * 2);
    expect(afterKill.levels.map((l) => l.reserved)).toEqual([afterKill.groups.length, afterKill.groups.length]);
    expect(afterKill.ledger.mismatches).toEqual([]);

    // The batch again, same keys, in this process: committed ones replay, the rest are taken once.
    const replays = await Promise.all(
      Array.from({ length: COUNT }, (_, i) =>
        withTenant(h.db, s.tenantId, (tx) =>
          reserve(tx, s.tenantId, null, { idempotencyKey: `crash-${h.runId}-${i}`, ttlSeconds: 3_600, lines: s.variantIds.map((variantId) => ({ variantId, quantity: 1 })) }),
        ),
      ),
    );
    expect(replays.filter((r) => r.replayed)).toHaveLength(afterKill.groups.length);
    const final = await state();
    expect(final.groups).toHaveLength(COUNT);
    expect(final.levels.map((l) => [l.onHand, l.reserved])).toEqual([
      [1_000, COUNT],
      [1_000, COUNT],
    ]);
    expect(final.ledger).toMatchObject({ balanced: true, mismatches: [] });

    // The operators' script says the same, and exits 0.
    const script = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "scripts/check-ledger.ts")], {
      cwd: join(import.meta.dirname, "../.."),
      env: { ...process.env, DATABASE_URL: h.database.url },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    script.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    expect(await new Promise<number | null>((resolve) => script.once("exit", (code) => resolve(code)))).toBe(0);
    expect(JSON.parse(output)).toMatchObject({ balanced: true, mismatches: [], levels: 2, movements: 2 + COUNT * 2 });
  });
});
