import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "./client";
import { TenantRole, TenantType } from "./generated/prisma/client";
import { asPlatform, asUser, withTenant } from "./tenant-context";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "./testing";

// Tries to break row-level security on `users` (migration 20261202120000) through the runtime role: an
// account sees and changes only itself, a tenant reads only its members, no context sees anyone.
// Kept beside rls.int.test.ts (already long) rather than in it.

let testDb: TestDatabase;
let db: Db;

beforeAll(async () => {
  testDb = await createTestDatabase(testDatabaseName("db_rls_users"));
  db = createDb({ url: testDb.url, poolSize: 3 });
});

afterAll(async () => {
  await db?.$disconnect();
  await testDb?.drop();
});

let counter = 0;
/** A tenant with `members` accounts, and one account of nobody's, created as the platform. */
async function world(label: string, members = 2) {
  const n = ++counter;
  return asPlatform(db, async (tx) => {
    const tenant = await tx.tenant.create({ data: { slug: `${label}-${n}`, name: label, type: TenantType.SELLER_BUSINESS } });
    const memberIds: string[] = [];
    for (let i = 0; i < members; i++) {
      const user = await tx.user.create({ data: { email: `m${i}-${n}@${label}.test`, name: `Member ${i}`, passwordHash: "x" } });
      await tx.membership.create({ data: { tenantId: tenant.id, userId: user.id, role: i === 0 ? TenantRole.OWNER : TenantRole.STAFF } });
      memberIds.push(user.id);
    }
    const loner = await tx.user.create({ data: { email: `loner-${n}@${label}.test`, name: "Loner", passwordHash: "x" } });
    return { tenantId: tenant.id, memberIds, lonerId: loner.id };
  });
}

const snapshot = () => asPlatform(db, (tx) => tx.user.findMany({ orderBy: { id: "asc" } }));

describe("users under row-level security", () => {
  it("show an account only itself, even when its queries name others (findMany, by id, by email, raw SQL)", async () => {
    const { memberIds, lonerId } = await world("self");
    const [me, colleague] = memberIds as [string, string];
    await asUser(db, me, async (tx) => {
      expect((await tx.user.findMany()).map((u) => u.id)).toEqual([me]);
      expect(await tx.user.count()).toBe(1);
      expect(await tx.user.findUnique({ where: { id: colleague } })).toBeNull();
      expect(await tx.user.findFirst({ where: { email: { contains: "loner" } } })).toBeNull();
      expect(await tx.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM users WHERE id = ${lonerId}::uuid`).toEqual([]);
      // Sharing a tenant is no way in without the tenant's context.
      expect(await tx.membership.findMany({ include: { user: true } })).toEqual([]);
    });
  });

  it("let an account change only itself: not another, not its id, and create no account but its own", async () => {
    const { memberIds, lonerId } = await world("write");
    const [me] = memberIds as [string];
    const before = await snapshot();
    await asUser(db, me, async (tx) => {
      expect((await tx.user.updateMany({ where: { id: lonerId }, data: { name: "hacked" } })).count).toBe(0);
      // A statement with no WHERE at all reaches the caller's own row and no other.
      expect(await tx.$executeRaw`UPDATE users SET name = 'renamed'`).toBe(1);
      expect(await tx.$executeRaw`DELETE FROM users WHERE id <> ${me}::uuid`).toBe(0);
    });
    const after = await snapshot();
    expect(after.filter((u) => u.id !== me)).toEqual(before.filter((u) => u.id !== me));
    expect(after.find((u) => u.id === me)?.name).toBe("renamed");

    await expect(asUser(db, me, (tx) => tx.user.update({ where: { id: me }, data: { id: randomUUID() } }))).rejects.toThrow(/row-level security/);
    await expect(asUser(db, me, (tx) => tx.user.create({ data: { email: `planted-${randomUUID()}@x.test`, name: "P", passwordHash: "x" } }))).rejects.toThrow(/row-level security/);
    // Registration's shape: the new account's id is chosen first and is the context's own.
    const fresh = randomUUID();
    await asUser(db, fresh, (tx) => tx.user.create({ data: { id: fresh, email: `fresh-${fresh}@x.test`, name: "F", passwordHash: "x" } }));
    expect((await snapshot()).some((u) => u.id === fresh)).toBe(true);
  });

  it("show a tenant its members only, read-only; never an account of another tenant or of nobody's", async () => {
    const a = await world("ten-a", 3);
    const b = await world("ten-b", 1);
    const before = await snapshot();
    await withTenant(db, a.tenantId, async (tx) => {
      expect((await tx.user.findMany({ orderBy: { id: "asc" } })).map((u) => u.id)).toEqual([...a.memberIds].sort());
      expect((await tx.membership.findMany({ include: { user: { select: { id: true } } } })).map((m) => m.user.id).sort()).toEqual([...a.memberIds].sort());
      expect(await tx.user.findUnique({ where: { id: b.memberIds[0]! } })).toBeNull();
      expect(await tx.user.findUnique({ where: { id: a.lonerId } })).toBeNull();
      // Members are read, never written, by a tenant: no profile or role change of its staff's accounts.
      expect((await tx.user.updateMany({ where: { id: { in: a.memberIds } }, data: { platformRole: "OPERATOR" } })).count).toBe(0);
      expect(await tx.$executeRaw`DELETE FROM users`).toBe(0);
    });
    await expect(withTenant(db, a.tenantId, (tx) => tx.user.create({ data: { email: `t-${randomUUID()}@x.test`, name: "T", passwordHash: "x" } }))).rejects.toThrow(/row-level security/);
    expect(await snapshot()).toEqual(before);
  });

  it("show nothing and accept nothing without a context, on a connection that served a user before", async () => {
    const { memberIds } = await world("none");
    await asUser(db, memberIds[0]!, (tx) => tx.user.count());
    expect(await db.user.count()).toBe(0);
    expect(await db.user.findUnique({ where: { id: memberIds[0]! } })).toBeNull();
    expect((await db.user.updateMany({ where: { id: memberIds[0]! }, data: { name: "x" } })).count).toBe(0);
    await expect(db.user.create({ data: { email: `n-${randomUUID()}@x.test`, name: "N", passwordHash: "x" } })).rejects.toThrow(/row-level security/);
  });

  it("a forged user setting fails closed, and platform context sees every account", async () => {
    await world("forged");
    await expect(
      db.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT set_config('app.user_id', 'anything', true)`;
        return tx.user.findMany();
      }),
    ).rejects.toThrow(/invalid input syntax for type uuid/);
    expect(await asPlatform(db, (tx) => tx.user.count())).toBe((await snapshot()).length);
  });
});

describe("a shopper's order groups, orders and lines (read in the shopper's own context)", () => {
  /** A confirmed group of `shopperId` with one order and one line of a seller tenant. */
  async function group(shopperId: string | null, tenantId: string) {
    const groupId = randomUUID();
    const orderId = randomUUID();
    await asPlatform(db, async (tx) => {
      await tx.orderGroup.create({ data: { id: groupId, idempotencyKey: `k-${groupId}`, cartId: "c", shopperUserId: shopperId, email: "s@x.test", shippingAddress: {}, currency: "EUR", totalAmount: 100 } });
      await tx.order.create({
        data: {
          id: orderId, tenantId, groupId, currency: "EUR", subtotalAmount: 100, shippingAmount: 0, taxAmount: 0, totalAmount: 100, pricesIncludeTax: true,
          shippingRateCode: "std", commissionPlan: "FREE", commissionBps: 0, commissionAmount: 0, captureAt: "CONFIRMATION",
        },
      });
      await tx.orderLine.create({
        data: { id: randomUUID(), tenantId, orderId, variantId: randomUUID(), sku: "s", title: "t", quantity: 1, unitPriceAmount: 100, lineTotalAmount: 100 },
      });
    });
    return { groupId, orderId };
  }

  it("show a shopper their own groups with each seller's order and lines; nobody else's, and nothing to write", async () => {
    const { tenantId, memberIds } = await world("shop");
    const [shopper, other] = memberIds as [string, string];
    const mine = await group(shopper, tenantId);
    const theirs = await group(other, tenantId);
    const guest = await group(null, tenantId);
    await asUser(db, shopper, async (tx) => {
      expect((await tx.orderGroup.findMany()).map((g) => g.id)).toEqual([mine.groupId]);
      expect((await tx.order.findMany()).map((o) => o.id)).toEqual([mine.orderId]);
      expect((await tx.orderLine.findMany()).map((l) => l.orderId)).toEqual([mine.orderId]);
      expect(await tx.orderGroup.findUnique({ where: { id: theirs.groupId } })).toBeNull();
      expect(await tx.order.findUnique({ where: { id: guest.orderId } })).toBeNull();
      expect(await tx.$executeRaw`UPDATE orders SET tracking_number = 'x'`).toBe(0);
      expect(await tx.$executeRaw`UPDATE order_groups SET total_amount = 1`).toBe(0);
      // Checkout sagas stay platform-only.
      expect(await tx.checkoutSaga.count()).toBe(0);
    });
    await expect(asUser(db, shopper, (tx) => tx.orderGroup.create({ data: { id: randomUUID(), idempotencyKey: `p-${randomUUID()}`, cartId: "c", shopperUserId: shopper, email: "s@x.test", shippingAddress: {}, currency: "EUR", totalAmount: 1 } }))).rejects.toThrow(/row-level security/);
    // A tenant context still sees its own orders (all three) and no group.
    await withTenant(db, tenantId, async (tx) => {
      expect(await tx.orderGroup.count()).toBe(0);
      expect(await tx.order.count()).toBe(3);
    });
  });
});
