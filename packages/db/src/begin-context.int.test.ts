import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextDelivery } from "./begin-context";
import { createDb, type Db, type Tx } from "./client";
import { TenantType } from "./generated/prisma/client";
import { asPlatform, asUser, withTenant } from "./tenant-context";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "./testing";

// A transaction's row-level-security context travels with its BEGIN (one round trip instead of two):
// the settings must be exactly the wrapper's, every time, on every pooled connection, and a transaction
// opened inside the callback without a wrapper must not inherit them.

let testDb: TestDatabase;
let db: Db;

beforeAll(async () => {
  testDb = await createTestDatabase(testDatabaseName("db_begin_context"));
  db = createDb({ url: testDb.url, poolSize: 4 });
});

afterAll(async () => {
  await db?.$disconnect();
  await testDb?.drop();
});

const settings = async (tx: Tx) =>
  (
    await tx.$queryRaw<{ platform: string; tenant: string; user: string }[]>`
      SELECT current_setting('app.platform', true) AS platform, current_setting('app.tenant_id', true) AS tenant, current_setting('app.user_id', true) AS user`
  )[0]!;

describe("the transaction context sent with BEGIN", () => {
  it("gives each wrapper its own settings with its BEGIN, across many concurrent transactions on few connections", async () => {
    const tenantIds = await asPlatform(db, async (tx) =>
      Promise.all(["bca", "bcb", "bcc"].map(async (slug) => (await tx.tenant.create({ data: { slug, name: slug, type: TenantType.SELLER_BUSINESS } })).id)),
    );
    const userId = crypto.randomUUID();
    const before = { ...contextDelivery };
    const seen = await Promise.all(
      Array.from({ length: 60 }, (_, i) => {
        const kind = i % 3;
        if (kind === 0) return asPlatform(db, settings).then((s) => ({ want: { platform: "on", tenant: "", user: "" }, s }));
        if (kind === 1) {
          const t = tenantIds[i % tenantIds.length]!;
          return withTenant(db, t, settings).then((s) => ({ want: { platform: "off", tenant: t, user: "" }, s }));
        }
        return asUser(db, userId, settings).then((s) => ({ want: { platform: "off", tenant: "", user: userId }, s }));
      }),
    );
    for (const { want, s } of seen) expect(s).toEqual(want);
    // Every one of them went with its BEGIN: none needed a statement of its own.
    expect(contextDelivery.withBegin - before.withBegin).toBe(60);
    expect(contextDelivery.separate - before.separate).toBe(0);
    // And a tenant's transaction still sees only its own tenant row.
    expect(await withTenant(db, tenantIds[0]!, (tx) => tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM tenants`)).toEqual([{ n: 1 }]);
  });

  it("sends the context as a statement of its own when an isolation level must come first", async () => {
    const before = { ...contextDelivery };
    const s = await asPlatform(db, settings, { isolationLevel: "RepeatableRead" });
    expect(s).toEqual({ platform: "on", tenant: "", user: "" });
    expect(contextDelivery.separate - before.separate).toBe(1);
    expect(contextDelivery.withBegin - before.withBegin).toBe(0);
  });

  it("does not hand the wrapper's context to a transaction opened inside it without a wrapper", async () => {
    const inner = await asPlatform(db, () => db.$transaction((tx) => settings(tx)));
    expect(inner.platform).not.toBe("on");
    expect(inner.tenant ?? "").toBe("");
  });
});
