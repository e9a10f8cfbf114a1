import { asPlatform } from "@bazaar/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkLedger, expireDueReservations } from "./inventory.service";
import { refusal, startInventoryHarness, stockSnapshot, type InventoryHarness, type SellerFixture } from "./inventory.testing";

// Reservations under concurrency, through the real router: each caller is its own tRPC call and its
// own transaction on a pool of 20 connections, so the database (not the test) decides every race.

let h: InventoryHarness;
let s: SellerFixture;
let main = "";
let shop = "";

const level = (variantId: string, locationId: string) =>
  asPlatform(h.db, (tx) => tx.stockLevel.findUniqueOrThrow({ where: { variantId_locationId: { variantId, locationId } } }));
const ledgerBalanced = async () => (await asPlatform(h.db, (tx) => checkLedger(tx))).mismatches;
const key = (label: string) => `${label}-${h.runId}`;

beforeAll(async () => {
  h = await startInventoryHarness("api_reservations", { poolSize: 20 });
  s = await h.seller("gamma", 8);
  const manager = await h.caller(s.users.MANAGER, s.tenantId);
  main = (await manager.inventory.createLocation({ name: "Main", code: "main" })).id;
  shop = (await manager.inventory.createLocation({ name: "Shop", code: "shop" })).id;
});

afterAll(async () => {
  await h?.close();
});

describe("reserve under contention", () => {
  it("gives 200 concurrent callers for the last 5 units exactly 5 reservations and 195 typed refusals", async () => {
    const v = s.variantIds[0]!;
    await (await h.caller(s.users.MANAGER, s.tenantId)).inventory.receiveStock({ variantId: v, locationId: main, quantity: 5 });
    const staff = await h.caller(s.users.STAFF, s.tenantId);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) => staff.inventory.reserve({ idempotencyKey: key(`race-${i}`), ttlSeconds: 600, lines: [{ variantId: v, quantity: 1 }] })),
    );
    const won = outcomes.filter((o) => o.status === "fulfilled");
    const lost = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as { code: string; cause?: { details?: { reason?: string } } }] : []));
    expect(won).toHaveLength(5);
    expect(lost).toHaveLength(195);
    expect(new Set(lost.map((e) => `${e.code}:${e.cause?.details?.reason}`))).toEqual(new Set(["CONFLICT:insufficient-stock"]));

    expect(await level(v, main)).toMatchObject({ onHand: 5, reserved: 5 });
    const active = await asPlatform(h.db, (tx) => tx.stockReservation.findMany({ where: { variantId: v, status: "ACTIVE" } }));
    expect(active).toHaveLength(5);
    expect(await asPlatform(h.db, (tx) => tx.stockReservationGroup.count({ where: { status: "ACTIVE", lines: { some: { variantId: v } } } }))).toBe(5);
    expect(await asPlatform(h.db, (tx) => tx.stockMovement.count({ where: { variantId: v, kind: "RESERVATION" } }))).toBe(5);
    expect(await ledgerBalanced()).toEqual([]);
  });

  it("answers the same idempotency key with the first reservation, sequentially and concurrently, holding once", async () => {
    const v = s.variantIds[1]!;
    await (await h.caller(s.users.MANAGER, s.tenantId)).inventory.receiveStock({ variantId: v, locationId: main, quantity: 10 });
    const staff = await h.caller(s.users.STAFF, s.tenantId);
    const input = { idempotencyKey: key("same"), ttlSeconds: 600, reference: "order-1", lines: [{ variantId: v, quantity: 3 }] };
    const first = await staff.inventory.reserve(input);
    const again = await staff.inventory.reserve(input);
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ ...first, replayed: true });

    const concurrent = await Promise.all(Array.from({ length: 20 }, () => staff.inventory.reserve({ ...input, idempotencyKey: key("burst") })));
    expect(new Set(concurrent.map((r) => r.id)).size).toBe(1);
    expect(concurrent.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await level(v, main)).toMatchObject({ onHand: 10, reserved: 6 });

    const before = await stockSnapshot(h.db);
    const changed = await refusal(staff.inventory.reserve({ ...input, lines: [{ variantId: v, quantity: 4 }] }));
    expect(changed.code).toBe("CONFLICT");
    expect(await stockSnapshot(h.db)).toEqual(before);
    expect(await ledgerBalanced()).toEqual([]);
  });

  it("holds every line or none: one short line leaves the others untouched", async () => {
    const [v2, v3, v4] = s.variantIds.slice(2, 5) as [string, string, string];
    const manager = await h.caller(s.users.MANAGER, s.tenantId);
    await manager.inventory.receiveStock({ variantId: v2, locationId: main, quantity: 5 });
    await manager.inventory.receiveStock({ variantId: v3, locationId: shop, quantity: 5 });
    await manager.inventory.receiveStock({ variantId: v4, locationId: main, quantity: 1 });
    const staff = await h.caller(s.users.STAFF, s.tenantId);
    const before = await stockSnapshot(h.db);
    const error = await refusal(
      staff.inventory.reserve({
        idempotencyKey: key("multi-short"),
        ttlSeconds: 600,
        lines: [
          { variantId: v2, quantity: 2 },
          { variantId: v3, quantity: 2 },
          { variantId: v4, quantity: 2 },
        ],
      }),
    );
    expect(error.code).toBe("CONFLICT");
    expect(error.cause).toMatchObject({ details: { reason: "insufficient-stock", variantId: v4, requested: 2 } });
    expect(await stockSnapshot(h.db)).toEqual(before);

    const held = await staff.inventory.reserve({
      idempotencyKey: key("multi-ok"),
      ttlSeconds: 600,
      lines: [
        { variantId: v4, quantity: 1 },
        { variantId: v2, quantity: 2, locationId: main },
        { variantId: v3, quantity: 2 },
      ],
    });
    expect(held.lines.map((l) => [l.variantId, l.locationId, l.quantity]).sort()).toEqual(
      [
        [v2, main, 2],
        [v3, shop, 2],
        [v4, main, 1],
      ].sort(),
    );
    expect((await refusal(staff.inventory.reserve({ idempotencyKey: key("dup-lines"), ttlSeconds: 60, lines: [{ variantId: v2, quantity: 1 }, { variantId: v2, quantity: 1 }] }))).code).toBe("BAD_REQUEST");
    expect(await ledgerBalanced()).toEqual([]);
  });
});

describe("release, commit and expiry", () => {
  it("releases on cancel (twice is a no-op) and commits as a sale; a released one cannot be committed", async () => {
    const v = s.variantIds[5]!;
    await (await h.caller(s.users.MANAGER, s.tenantId)).inventory.receiveStock({ variantId: v, locationId: main, quantity: 10 });
    const staff = await h.caller(s.users.STAFF, s.tenantId);
    const cancelled = await staff.inventory.reserve({ idempotencyKey: key("cancel"), ttlSeconds: 600, lines: [{ variantId: v, quantity: 4 }] });
    expect(await level(v, main)).toMatchObject({ onHand: 10, reserved: 4 });
    expect(await staff.inventory.releaseReservation({ reservationId: cancelled.id })).toMatchObject({ status: "RELEASED", releasedAt: expect.any(Date) });
    expect(await staff.inventory.releaseReservation({ reservationId: cancelled.id })).toMatchObject({ status: "RELEASED" });
    expect(await level(v, main)).toMatchObject({ onHand: 10, reserved: 0 });
    expect((await refusal(staff.inventory.commitReservation({ reservationId: cancelled.id }))).code).toBe("CONFLICT");

    const sold = await staff.inventory.reserve({ idempotencyKey: key("sell"), ttlSeconds: 600, lines: [{ variantId: v, quantity: 3 }] });
    const commits = await Promise.all([staff.inventory.commitReservation({ reservationId: sold.id }), staff.inventory.commitReservation({ reservationId: sold.id })]);
    expect(commits.map((c) => c.status)).toEqual(["CONSUMED", "CONSUMED"]);
    expect(await level(v, main)).toMatchObject({ onHand: 7, reserved: 0 });
    expect(await asPlatform(h.db, (tx) => tx.stockMovement.count({ where: { variantId: v, kind: "SALE" } }))).toBe(1);
    expect((await refusal(staff.inventory.releaseReservation({ reservationId: sold.id }))).code).toBe("CONFLICT");
    const other = await h.seller("delta", 1);
    expect((await refusal((await h.caller(other.users.STAFF, other.tenantId)).inventory.releaseReservation({ reservationId: sold.id }))).code).toBe("NOT_FOUND");
    expect(await ledgerBalanced()).toEqual([]);
  });

  it("expires due reservations once even with two sweepers running at once", async () => {
    const v = s.variantIds[6]!;
    await (await h.caller(s.users.MANAGER, s.tenantId)).inventory.receiveStock({ variantId: v, locationId: main, quantity: 100 });
    const staff = await h.caller(s.users.STAFF, s.tenantId);
    const due = await Promise.all(Array.from({ length: 30 }, (_, i) => staff.inventory.reserve({ idempotencyKey: key(`due-${i}`), ttlSeconds: 60, lines: [{ variantId: v, quantity: 2 }] })));
    const later = await staff.inventory.reserve({ idempotencyKey: key("not-due"), ttlSeconds: 3_600, lines: [{ variantId: v, quantity: 1 }] });
    expect(await level(v, main)).toMatchObject({ reserved: 61 });

    // The sweepers' clock is two minutes ahead: the 60-second holds are due, the hour-long one is not.
    const now = new Date(Date.now() + 120_000);
    const sweep = async () => {
      let total = 0;
      for (;;) {
        const n = await asPlatform(h.db, (tx) => expireDueReservations(tx, { now, limit: 4 }));
        if (n === 0) return total;
        total += n;
      }
    };
    const [first, second] = await Promise.all([sweep(), sweep()]);
    expect(first + second).toBeGreaterThanOrEqual(30);
    const expired = await asPlatform(h.db, (tx) => tx.stockReservationGroup.findMany({ where: { id: { in: due.map((d) => d.id) } }, select: { status: true } }));
    expect(expired.every((g) => g.status === "EXPIRED")).toBe(true);
    expect(await asPlatform(h.db, (tx) => tx.stockMovement.count({ where: { variantId: v, kind: "RELEASE", reason: "expired" } }))).toBe(30);
    expect(await asPlatform(h.db, (tx) => tx.outboxEvent.count({ where: { type: "inventory.reservation.expired", key: { in: due.map((d) => d.id) } } }))).toBe(30);
    expect(await level(v, main)).toMatchObject({ onHand: 100, reserved: 1 });
    expect(await staff.inventory.getReservation({ reservationId: later.id })).toMatchObject({ status: "ACTIVE" });
    // Past its expiry but not yet swept: a commit is refused rather than selling units the hold no longer guarantees.
    expect((await refusal(staff.inventory.commitReservation({ reservationId: due[0]!.id }))).code).toBe("CONFLICT");
    expect(await ledgerBalanced()).toEqual([]);
  });

  it("lists reservations newest first, filtered by status, page by page", async () => {
    const viewer = await h.caller(s.users.VIEWER, s.tenantId);
    const all = await viewer.inventory.listReservations({ limit: 200 });
    const total = await asPlatform(h.db, (tx) => tx.stockReservationGroup.count({ where: { tenantId: s.tenantId } }));
    expect(all.reservations).toHaveLength(total);
    const times = all.reservations.map((r) => r.createdAt.getTime());
    expect(times).toEqual([...times].sort((x, y) => y - x));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await viewer.inventory.listReservations({ limit: 7, ...(cursor ? { cursor } : {}) });
      seen.push(...page.reservations.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all.reservations.map((r) => r.id));
    const expired = await viewer.inventory.listReservations({ status: "EXPIRED", limit: 200 });
    expect(expired.reservations.length).toBeGreaterThanOrEqual(30);
    expect(expired.reservations.every((r) => r.status === "EXPIRED")).toBe(true);
    expect((await refusal(viewer.inventory.listReservations({ cursor: crypto.randomUUID() }))).code).toBe("BAD_REQUEST");
  });
});
