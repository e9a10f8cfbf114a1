import { asPlatform } from "@bazaar/db";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkLedger } from "./inventory.service";
import { refusal, startInventoryHarness, stockSnapshot, type InventoryHarness, type SellerFixture } from "./inventory.testing";

// Locations, receipts, adjustments, thresholds and the read side, through the real router against the
// real database. Every refusal is typed and changes nothing, outbox included.

let h: InventoryHarness;
let a: SellerFixture;
let b: SellerFixture;
let main = "";
let shop = "";
let otherLocation = "";

const events = (type: string) =>
  asPlatform(h.db, (tx) => tx.outboxEvent.findMany({ where: { type }, orderBy: { position: "asc" }, select: { envelope: true, tenantId: true } }));

beforeAll(async () => {
  h = await startInventoryHarness("api_inventory");
  a = await h.seller("alpha", 3);
  b = await h.seller("beta", 1);
  const manager = await h.caller(a.users.MANAGER, a.tenantId);
  main = (await manager.inventory.createLocation({ name: "Main warehouse", code: "main" })).id;
  shop = (await manager.inventory.createLocation({ name: "High street shop", code: "shop" })).id;
  otherLocation = (await (await h.caller(b.users.MANAGER, b.tenantId)).inventory.createLocation({ name: "Beta depot", code: "main" })).id;
});

afterAll(async () => {
  await h?.close();
});

describe("locations", () => {
  it("lets VIEWER read and refuses VIEWER and STAFF changes with FORBIDDEN", async () => {
    const viewer = await h.caller(a.users.VIEWER, a.tenantId);
    expect((await viewer.inventory.listLocations()).map((l) => l.code)).toEqual(["main", "shop"]);
    const before = await stockSnapshot(h.db);
    expect((await refusal(viewer.inventory.createLocation({ name: "X", code: "x" }))).code).toBe("FORBIDDEN");
    expect((await refusal((await h.caller(a.users.STAFF, a.tenantId)).inventory.receiveStock({ variantId: a.variantIds[0]!, locationId: main, quantity: 1 }))).code).toBe("FORBIDDEN");
    expect(await stockSnapshot(h.db)).toEqual(before);
  });

  it("refuses a duplicate code (CONFLICT) and a malformed one (BAD_REQUEST), the same code in another tenant is fine", async () => {
    const manager = await h.caller(a.users.MANAGER, a.tenantId);
    const before = await stockSnapshot(h.db);
    expect((await refusal(manager.inventory.createLocation({ name: "Again", code: "main" }))).code).toBe("CONFLICT");
    expect((await refusal(manager.inventory.createLocation({ name: "Bad", code: "Main Warehouse" }))).code).toBe("BAD_REQUEST");
    expect((await refusal(manager.inventory.createLocation({ name: "   ", code: "blank" }))).code).toBe("BAD_REQUEST");
    expect(await stockSnapshot(h.db)).toEqual(before);
  });

  it("deletes a location that never held stock and deactivates one that did", async () => {
    const manager = await h.caller(a.users.MANAGER, a.tenantId);
    const spare = await manager.inventory.createLocation({ name: "Pop-up", code: "pop-up" });
    expect(await manager.inventory.removeLocation({ locationId: spare.id })).toMatchObject({ outcome: "deleted" });
    const stocked = await manager.inventory.createLocation({ name: "Annex", code: "annex" });
    await manager.inventory.receiveStock({ variantId: a.variantIds[2]!, locationId: stocked.id, quantity: 2 });
    expect(await manager.inventory.removeLocation({ locationId: stocked.id })).toMatchObject({ outcome: "deactivated", location: { active: false } });
    expect((await manager.inventory.listLocations()).map((l) => l.code)).toEqual(["main", "shop"]);
    expect((await manager.inventory.listLocations({ includeInactive: true })).map((l) => l.code)).toEqual(["annex", "main", "shop"]);
    const refused = await refusal(manager.inventory.receiveStock({ variantId: a.variantIds[2]!, locationId: stocked.id, quantity: 1 }));
    expect(refused.code).toBe("CONFLICT");
    expect((await events("inventory.location.created")).length).toBeGreaterThanOrEqual(4);
    expect((await events("inventory.location.deleted")).map((e) => e.envelope)).toEqual([expect.objectContaining({ payload: expect.objectContaining({ locationId: spare.id, code: "pop-up" }) })]);
  });
});

describe("stock", () => {
  it("receives, adjusts and lists levels with available; the ledger records each change and balances", async () => {
    const manager = await h.caller(a.users.MANAGER, a.tenantId);
    const [v0, v1] = a.variantIds as [string, string];
    expect(await manager.inventory.receiveStock({ variantId: v0, locationId: main, quantity: 10, reason: "PO-1" })).toEqual({ locationId: main, onHand: 10, reserved: 0, version: 1 });
    expect(await manager.inventory.receiveStock({ variantId: v0, locationId: main, quantity: 5 })).toMatchObject({ onHand: 15, version: 2 });
    await manager.inventory.receiveStock({ variantId: v0, locationId: shop, quantity: 3 });
    await manager.inventory.receiveStock({ variantId: v1, locationId: main, quantity: 4 });
    expect(await manager.inventory.adjustStock({ variantId: v0, locationId: main, delta: -2, reason: "damaged" })).toMatchObject({ onHand: 13, reserved: 0 });

    const viewer = await h.caller(a.users.VIEWER, a.tenantId);
    const v0Levels = await viewer.inventory.listLevels({ variantId: v0 });
    expect(v0Levels.levels.map((l) => [l.locationCode, l.onHand, l.available, l.variantAvailable])).toEqual(
      expect.arrayContaining([
        ["main", 13, 13, 16],
        ["shop", 3, 3, 16],
      ]),
    );
    expect((await viewer.inventory.listLevels({ locationId: shop })).levels.map((l) => l.variantId)).toEqual([v0]);
    expect((await viewer.inventory.listLevels({ productId: a.productId })).levels.length).toBeGreaterThanOrEqual(3);

    // Pages: every level exactly once.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await viewer.inventory.listLevels({ limit: 1, ...(cursor ? { cursor } : {}) });
      seen.push(...page.levels.map((l) => l.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe((await viewer.inventory.listLevels({ limit: 200 })).levels.length);

    const history = await viewer.inventory.listMovements({ variantId: v0, locationId: main, limit: 2 });
    expect(history.movements.map((m) => [m.kind, m.onHandDelta, m.reason])).toEqual([
      ["ADJUSTMENT", -2, "damaged"],
      ["RECEIPT", 5, null],
    ]);
    const rest = await viewer.inventory.listMovements({ variantId: v0, locationId: main, limit: 2, cursor: history.nextCursor! });
    expect(rest.movements.map((m) => [m.kind, m.onHandDelta, m.reason, m.actorId])).toEqual([["RECEIPT", 10, "PO-1", a.users.MANAGER]]);
    expect(rest.nextCursor).toBeNull();
    expect((await refusal(viewer.inventory.listMovements({ variantId: v1, cursor: history.nextCursor! }))).code).toBe("BAD_REQUEST");

    expect(await manager.inventory.checkLedger()).toMatchObject({ balanced: true, mismatches: [] });
    const [adjusted] = await events("inventory.stock.adjusted");
    expect(adjusted!.envelope).toMatchObject({ payload: { variantId: v0, delta: -2, reason: "damaged", level: { onHand: 13 }, actorId: a.users.MANAGER } });
  });

  it("refuses an adjustment below what is reserved with CONFLICT and changes nothing", async () => {
    const [, v1] = a.variantIds as [string, string];
    const staff = await h.caller(a.users.STAFF, a.tenantId);
    await staff.inventory.reserve({ idempotencyKey: `adjust-${h.runId}`, ttlSeconds: 600, lines: [{ variantId: v1, quantity: 3, locationId: main }] });
    const before = await stockSnapshot(h.db);
    const error = await refusal((await h.caller(a.users.MANAGER, a.tenantId)).inventory.adjustStock({ variantId: v1, locationId: main, delta: -2, reason: "recount" }));
    expect(error.code).toBe("CONFLICT");
    expect(error.cause).toMatchObject({ details: { onHand: 4, reserved: 3, delta: -2 } });
    expect(await stockSnapshot(h.db)).toEqual(before);
    expect(await (await h.caller(a.users.MANAGER, a.tenantId)).inventory.adjustStock({ variantId: v1, locationId: main, delta: -1, reason: "recount" })).toMatchObject({ onHand: 3, reserved: 3 });
  });

  it("answers another tenant's variant or location with NOT_FOUND and bad quantities with BAD_REQUEST, changing nothing", async () => {
    const manager = await h.caller(a.users.MANAGER, a.tenantId);
    const staff = await h.caller(a.users.STAFF, a.tenantId);
    const [v0] = a.variantIds as [string];
    const foreignVariant = b.variantIds[0]!;
    const before = await stockSnapshot(h.db);
    const calls: [() => Promise<unknown>, string][] = [
      [() => manager.inventory.receiveStock({ variantId: foreignVariant, locationId: main, quantity: 1 }), "NOT_FOUND"],
      [() => manager.inventory.receiveStock({ variantId: v0, locationId: otherLocation, quantity: 1 }), "NOT_FOUND"],
      [() => manager.inventory.adjustStock({ variantId: foreignVariant, locationId: main, delta: 1, reason: "x" }), "NOT_FOUND"],
      [() => manager.inventory.setThreshold({ variantId: foreignVariant, threshold: 3 }), "NOT_FOUND"],
      [() => manager.inventory.updateLocation({ locationId: otherLocation, name: "Mine now" }), "NOT_FOUND"],
      [() => manager.inventory.removeLocation({ locationId: otherLocation }), "NOT_FOUND"],
      [() => manager.inventory.listMovements({ variantId: foreignVariant }), "NOT_FOUND"],
      [() => staff.inventory.reserve({ idempotencyKey: `foreign-${h.runId}`, ttlSeconds: 60, lines: [{ variantId: foreignVariant, quantity: 1 }] }), "NOT_FOUND"],
      [() => staff.inventory.reserve({ idempotencyKey: `foreign-loc-${h.runId}`, ttlSeconds: 60, lines: [{ variantId: v0, quantity: 1, locationId: otherLocation }] }), "NOT_FOUND"],
      [() => manager.inventory.receiveStock({ variantId: v0, locationId: main, quantity: -3 }), "BAD_REQUEST"],
      [() => manager.inventory.receiveStock({ variantId: v0, locationId: main, quantity: 1.5 }), "BAD_REQUEST"],
      [() => manager.inventory.receiveStock({ variantId: v0, locationId: main, quantity: 0 }), "BAD_REQUEST"],
      [() => manager.inventory.adjustStock({ variantId: v0, locationId: main, delta: 0.5, reason: "x" }), "BAD_REQUEST"],
      [() => manager.inventory.adjustStock({ variantId: v0, locationId: main, delta: 0, reason: "x" }), "BAD_REQUEST"],
      [() => manager.inventory.setThreshold({ variantId: v0, threshold: -1 }), "BAD_REQUEST"],
      [() => staff.inventory.reserve({ idempotencyKey: `neg-${h.runId}`, ttlSeconds: 60, lines: [{ variantId: v0, quantity: -1 }] }), "BAD_REQUEST"],
      [() => staff.inventory.reserve({ idempotencyKey: `float-${h.runId}`, ttlSeconds: 60, lines: [{ variantId: v0, quantity: 2.5 }] }), "BAD_REQUEST"],
      [() => staff.inventory.reserve({ ttlSeconds: 60, lines: [{ variantId: v0, quantity: 1 }] } as never), "BAD_REQUEST"],
      [() => manager.inventory.receiveStock({ variantId: "not-a-uuid", locationId: main, quantity: 1 }), "BAD_REQUEST"],
    ];
    for (const [call, code] of calls) expect((await refusal(call())).code).toBe(code);
    expect(await stockSnapshot(h.db)).toEqual(before);
  });
});

describe("low stock", () => {
  it("raises inventory.stock.low once when the total available crosses the threshold, not on every change below it", async () => {
    const manager = await h.caller(a.users.MANAGER, a.tenantId);
    const staff = await h.caller(a.users.STAFF, a.tenantId);
    const v2 = a.variantIds[2]!;
    await manager.inventory.receiveStock({ variantId: v2, locationId: main, quantity: 6 });
    await manager.inventory.receiveStock({ variantId: v2, locationId: shop, quantity: 2 });
    await manager.inventory.setThreshold({ variantId: v2, threshold: 4 });
    const lowFor = async () => (await events("inventory.stock.low")).filter((e) => (e.envelope as { payload: { variantId: string } }).payload.variantId === v2);

    await manager.inventory.adjustStock({ variantId: v2, locationId: main, delta: -3, reason: "damaged" }); // 8 → 5 (annex deactivated)
    expect(await lowFor()).toHaveLength(0);
    await staff.inventory.reserve({ idempotencyKey: `low-1-${h.runId}`, ttlSeconds: 600, lines: [{ variantId: v2, quantity: 1 }] }); // 5 → 4: crossing
    await staff.inventory.reserve({ idempotencyKey: `low-2-${h.runId}`, ttlSeconds: 600, lines: [{ variantId: v2, quantity: 1 }] }); // 4 → 3: still below
    const low = await lowFor();
    expect(low).toHaveLength(1);
    expect(low[0]).toMatchObject({ tenantId: a.tenantId, envelope: { payload: { variantId: v2, productId: a.productId, sku: "TEE-ALPHA-2", available: 4, threshold: 4 } } });
    expect((await (await h.caller(a.users.VIEWER, a.tenantId)).inventory.listLevels({ lowStockOnly: true })).levels.every((l) => l.variantId === v2)).toBe(true);

    // Back above it and down again: a second crossing, a second alert.
    await manager.inventory.receiveStock({ variantId: v2, locationId: main, quantity: 5 }); // 3 → 8
    await manager.inventory.adjustStock({ variantId: v2, locationId: main, delta: -5, reason: "recount" }); // 8 → 3
    expect(await lowFor()).toHaveLength(2);
  });
});

describe("the ledger", () => {
  it("refuses UPDATE and DELETE of movements by the runtime role", async () => {
    const client = new pg.Client(h.database.url);
    await client.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT set_config('app.platform', 'on', true)");
      await expect(client.query("UPDATE stock_movements SET on_hand_delta = on_hand_delta + 1")).rejects.toThrow(/permission denied/);
      await client.query("ROLLBACK");
      await client.query("BEGIN");
      await client.query("SELECT set_config('app.platform', 'on', true)");
      await expect(client.query("DELETE FROM stock_movements")).rejects.toThrow(/permission denied/);
      await client.query("ROLLBACK");
    } finally {
      await client.end();
    }
  });

  it("names a level that no longer matches its movements", async () => {
    expect((await asPlatform(h.db, (tx) => checkLedger(tx))).balanced).toBe(true);
    // A change that bypasses the service: the owner role edits a level directly.
    const owner = new pg.Client(h.database.ownerUrl);
    await owner.connect();
    const tamper = async (by: number) => {
      await owner.query("BEGIN");
      await owner.query("SELECT set_config('app.platform', 'on', true)");
      await owner.query("UPDATE stock_levels SET on_hand = on_hand + $3 WHERE variant_id = $1 AND location_id = $2", [a.variantIds[0], shop, by]);
      await owner.query("COMMIT");
    };
    try {
      await tamper(7);
      const report = await asPlatform(h.db, (tx) => checkLedger(tx));
      expect(report.balanced).toBe(false);
      expect(report.mismatches).toEqual([expect.objectContaining({ variantId: a.variantIds[0], locationId: shop, level: { onHand: 10, reserved: 0 }, ledger: { onHand: 3, reserved: 0 } })]);
      const operator = await h.caller(a.users.OWNER, undefined, "OPERATOR");
      expect((await operator.inventory.checkAllLedgers()).mismatches).toHaveLength(1);
      expect((await (await h.caller(b.users.MANAGER, b.tenantId)).inventory.checkLedger()).balanced).toBe(true);
    } finally {
      await tamper(-7);
      await owner.end();
    }
  });
});
