import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "./client";
import { EmptyWhereError, TenantContextError } from "./errors";
import { TenantRole, TenantType } from "./generated/prisma/client";
import { asPlatform, withTenant } from "./tenant-context";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "./testing";

// Tries to break tenant isolation the ways a buggy handler or a curious query would, always through the
// runtime role (bazaar_app) that the application uses.

let testDb: TestDatabase;
let db: Db;

beforeAll(async () => {
  testDb = await createTestDatabase(testDatabaseName("db_rls"));
  db = createDb({ url: testDb.url, poolSize: 3 });
});

afterAll(async () => {
  await db?.$disconnect();
  await testDb?.drop();
});

let counter = 0;
/** A tenant with two members (OWNER, STAFF) and one audit entry, created as the platform. */
async function makeTenant(label: string) {
  const n = ++counter;
  return asPlatform(db, async (tx) => {
    const tenant = await tx.tenant.create({ data: { slug: `${label}-${n}`, name: label, type: TenantType.SELLER_BUSINESS } });
    for (const role of [TenantRole.OWNER, TenantRole.STAFF]) {
      const user = await tx.user.create({ data: { email: `${role.toLowerCase()}-${n}@${label}.test`, name: role, passwordHash: "x" } });
      await tx.membership.create({ data: { tenantId: tenant.id, userId: user.id, role } });
    }
    await tx.auditEntry.create({
      data: { tenantId: tenant.id, action: "test.tenant.created", entityType: "tenant", prevHash: "0".repeat(64), hash: `${n}`.padStart(64, "f") },
    });
    return tenant.id;
  });
}

async function asApp<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(testDb.url);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const membershipTenants = (tenantIds: string[]) =>
  asPlatform(db, (tx) => tx.membership.findMany({ where: { tenantId: { in: tenantIds } }, orderBy: { createdAt: "asc" } }));

describe("as tenant A, queries without a tenant filter", () => {
  it("read only A's rows (findMany, count, relations, raw SQL)", async () => {
    const a = await makeTenant("read-a");
    await makeTenant("read-b");
    await withTenant(db, a, async (tx) => {
      expect((await tx.tenant.findMany()).map((t) => t.id)).toEqual([a]);
      expect((await tx.membership.findMany()).every((m) => m.tenantId === a)).toBe(true);
      expect(await tx.membership.count()).toBe(2);
      expect(await tx.auditEntry.count()).toBe(1);
      const viaUser = await tx.user.findMany({ include: { memberships: true } });
      expect(viaUser.flatMap((u) => u.memberships).every((m) => m.tenantId === a)).toBe(true);
      const raw = await tx.$queryRaw<{ tenant_id: string }[]>`SELECT tenant_id::text FROM memberships`;
      expect(raw.map((r) => r.tenant_id)).toEqual([a, a]);
      const [counts] = await tx.$queryRaw<{ tenants: bigint; audit: bigint }[]>`
        SELECT (SELECT count(*) FROM tenants) AS tenants, (SELECT count(*) FROM audit_entries) AS audit`;
      expect(counts).toEqual({ tenants: 1n, audit: 1n });
    });
  });

  it("change only A's rows (updateMany, deleteMany, raw UPDATE/DELETE)", async () => {
    const a = await makeTenant("write-a");
    const b = await makeTenant("write-b");
    const anyRole = { role: { in: Object.values(TenantRole) } };
    await withTenant(db, a, async (tx) => {
      expect((await tx.membership.updateMany({ where: anyRole, data: { role: TenantRole.VIEWER } })).count).toBe(2);
      expect(await tx.$executeRaw`UPDATE memberships SET role = 'ADMIN'`).toBe(2);
      expect(await tx.$executeRaw`UPDATE tenants SET name = 'renamed'`).toBe(1);
    });
    expect((await membershipTenants([b])).map((m) => m.role)).toEqual([TenantRole.OWNER, TenantRole.STAFF]);
    expect(await asPlatform(db, (tx) => tx.tenant.findUniqueOrThrow({ where: { id: b } }))).toMatchObject({ name: "write-b" });

    await withTenant(db, a, async (tx) => {
      expect((await tx.membership.deleteMany({ where: { role: TenantRole.ADMIN } })).count).toBe(1 + 1);
      expect(await tx.$executeRaw`DELETE FROM memberships`).toBe(0);
    });
    expect(await membershipTenants([a])).toHaveLength(0);
    expect(await membershipTenants([b])).toHaveLength(2);

    const c = await makeTenant("write-c");
    await withTenant(db, c, async (tx) => {
      expect(await tx.$executeRaw`DELETE FROM memberships`).toBe(2);
    });
    expect(await membershipTenants([b])).toHaveLength(2);
  });

  it("cannot write rows that belong to tenant B", async () => {
    const a = await makeTenant("insert-a");
    const b = await makeTenant("insert-b");
    const user = await db.user.create({ data: { email: `intruder-${a}@x.test`, name: "I", passwordHash: "x" } });
    const rls = /row-level security/;
    await expect(withTenant(db, a, (tx) => tx.membership.create({ data: { tenantId: b, userId: user.id, role: TenantRole.OWNER } }))).rejects.toThrow(rls);
    await expect(withTenant(db, a, (tx) => tx.$executeRaw`INSERT INTO memberships (id, tenant_id, user_id, role) VALUES (gen_random_uuid(), ${b}::uuid, ${user.id}::uuid, 'OWNER')`)).rejects.toThrow(rls);
    await expect(withTenant(db, a, (tx) => tx.tenant.create({ data: { id: crypto.randomUUID(), slug: `other-${a}`, name: "x", type: TenantType.MARKETPLACE } }))).rejects.toThrow(rls);
    await expect(withTenant(db, a, (tx) => tx.$executeRaw`UPDATE memberships SET tenant_id = ${b}::uuid`)).rejects.toThrow(rls);
    await expect(withTenant(db, a, (tx) => tx.auditEntry.create({ data: { tenantId: b, action: "x", entityType: "x", prevHash: "p", hash: `h-${a}` } }))).rejects.toThrow(rls);
    await expect(withTenant(db, a, (tx) => tx.auditEntry.create({ data: { tenantId: null, action: "x", entityType: "x", prevHash: "p", hash: `h2-${a}` } }))).rejects.toThrow(rls);
    expect(await membershipTenants([b])).toHaveLength(2);
  });

  it("can create its own tenant row and members (signup inside withTenant(newId))", async () => {
    const id = crypto.randomUUID();
    const user = await db.user.create({ data: { email: `signup-${id}@x.test`, name: "S", passwordHash: "x" } });
    await withTenant(db, id, async (tx) => {
      await tx.tenant.create({ data: { id, slug: `signup-${id}`, name: "Signup", type: TenantType.SELLER_INDIVIDUAL } });
      await tx.membership.create({ data: { tenantId: id, userId: user.id, role: TenantRole.OWNER } });
    });
    expect(await membershipTenants([id])).toHaveLength(1);
  });

  it("cannot sweep every row with an empty where (guard) and the table is unchanged", async () => {
    const a = await makeTenant("guard-a");
    await expect(withTenant(db, a, (tx) => tx.membership.deleteMany({}))).rejects.toBeInstanceOf(EmptyWhereError);
    await expect(withTenant(db, a, (tx) => tx.membership.updateMany({ where: { tenantId: undefined }, data: { role: TenantRole.VIEWER } }))).rejects.toBeInstanceOf(EmptyWhereError);
    expect((await membershipTenants([a])).map((m) => m.role)).toEqual([TenantRole.OWNER, TenantRole.STAFF]);
  });
});

describe("without a tenant context", () => {
  it("sees nothing and may write nothing, even on a connection that served a tenant before", async () => {
    const a = await makeTenant("none-a");
    const single = createDb({ url: testDb.url, poolSize: 1 });
    try {
      expect(await withTenant(single, a, (tx) => tx.membership.count())).toBe(2);
      expect(await single.tenant.findMany()).toEqual([]);
      expect(await single.membership.count()).toBe(0);
      expect(await single.auditEntry.count()).toBe(0);
      expect(await single.$queryRaw`SELECT * FROM memberships`).toEqual([]);
      await expect(single.tenant.create({ data: { slug: `ctx-less-${a}`, name: "x", type: TenantType.MARKETPLACE } })).rejects.toThrow(/row-level security/);
      expect(await asPlatform(single, (tx) => tx.membership.count({ where: { tenantId: a } }))).toBe(2);
      expect(await single.membership.count()).toBe(0);
    } finally {
      await single.$disconnect();
    }
  });

  it("refuses a malformed tenant id before any SQL, and a forged setting fails closed", async () => {
    await expect(withTenant(db, "not-a-uuid", async () => 1)).rejects.toBeInstanceOf(TenantContextError);
    await expect(withTenant(db, "", async () => 1)).rejects.toBeInstanceOf(TenantContextError);
    await expect(
      db.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT set_config('app.tenant_id', 'anything', true)`;
        return tx.membership.findMany();
      }),
    ).rejects.toThrow(/invalid input syntax for type uuid/);
  });

  it("still reaches the global and infrastructure tables (users, outbox, inbox)", async () => {
    await db.user.create({ data: { email: `global-${crypto.randomUUID()}@x.test`, name: "G", passwordHash: "x" } });
    expect(await db.user.count()).toBeGreaterThan(0);
    await db.outboxEvent.create({ data: { eventId: crypto.randomUUID(), topic: "t", key: "k", type: "x.y.created", envelope: {} } });
    expect(await db.outboxEvent.count()).toBeGreaterThan(0);
    await db.inboxEvent.create({ data: { consumerGroup: "g", eventId: crypto.randomUUID(), topic: "t", partition: 0, offset: "1" } });
    expect(await db.inboxEvent.count()).toBeGreaterThan(0);
  });
});

describe("platform context", () => {
  it("sees every tenant's rows", async () => {
    const a = await makeTenant("platform-a");
    const b = await makeTenant("platform-b");
    const ids = await asPlatform(db, async (tx) => (await tx.tenant.findMany({ select: { id: true } })).map((t) => t.id));
    expect(ids).toEqual(expect.arrayContaining([a, b]));
    expect(await membershipTenants([a, b])).toHaveLength(4);
  });
});

describe("every table of the schema, including those other packages add", () => {
  // Infrastructure tables that carry tenant_id without being tenant-owned (README.md says why).
  const NOT_TENANT_OWNED = ["inbox_events", "outbox_events"];

  it("has RLS enabled, forced and with a tenant policy when it has a tenant_id column", async () => {
    const owner = new pg.Client(testDb.ownerUrl);
    await owner.connect();
    try {
      const { rows } = await owner.query<{ table: string; enabled: boolean; forced: boolean; policies: string[] }>(`
        SELECT c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
               array(SELECT p.polname::text FROM pg_policy p WHERE p.polrelid = c.oid ORDER BY 1) AS policies
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
        WHERE n.nspname = 'public' AND c.relkind = 'r'`);
      const owned = rows.filter((r) => !NOT_TENANT_OWNED.includes(r.table));
      expect(owned.map((r) => r.table)).toEqual(expect.arrayContaining(["memberships", "audit_entries", "staff_invitations", "media_assets"]));
      for (const r of owned) {
        expect({ table: r.table, enabled: r.enabled, forced: r.forced, tenantPolicy: r.policies.includes("tenant_isolation") }).toEqual({
          table: r.table,
          enabled: true,
          forced: true,
          tenantPolicy: true,
        });
      }
    } finally {
      await owner.end();
    }
  });

  it("forces RLS wherever it is enabled, so the owner role obeys it too", async () => {
    const owner = new pg.Client(testDb.ownerUrl);
    await owner.connect();
    try {
      const { rows } = await owner.query(`
        SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relrowsecurity AND NOT c.relforcerowsecurity`);
      expect(rows).toEqual([]);
    } finally {
      await owner.end();
    }
  });
});

describe("the runtime role", () => {
  it("cannot turn row-level security off, change identity or bypass policies", async () => {
    await asApp(async (client) => {
      const refused = async (sql: string, message: RegExp) => {
        await expect(client.query(sql)).rejects.toThrow(message);
      };
      await refused("ALTER TABLE memberships DISABLE ROW LEVEL SECURITY", /must be owner/);
      await refused("ALTER TABLE memberships NO FORCE ROW LEVEL SECURITY", /must be owner/);
      await refused("DROP POLICY tenant_isolation ON memberships", /must be owner/);
      await refused("CREATE POLICY open ON memberships USING (true)", /must be owner/);
      await refused("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only", /must be owner/);
      await refused("SET ROLE bazaar_owner", /permission denied/);
      await refused("SET SESSION AUTHORIZATION bazaar_owner", /permission denied/);
      await refused("CREATE OR REPLACE FUNCTION app_is_platform() RETURNS boolean LANGUAGE sql AS 'SELECT true'", /must be owner|permission denied/);
      await refused("SELECT * FROM _prisma_migrations", /permission denied/);
      await client.query("SET row_security = off");
      await refused("SELECT * FROM memberships", /row-level security/);
    });
  });

  it("cannot update, delete or truncate audit entries; inserting and reading work", async () => {
    const a = await makeTenant("audit-a");
    const entry = await withTenant(db, a, async (tx) => {
      const created = await tx.auditEntry.create({
        data: { tenantId: a, action: "catalog.product.updated", entityType: "product", prevHash: "1".repeat(64), hash: `audit-${a}` },
      });
      expect(await tx.auditEntry.count()).toBe(2);
      return created;
    });
    const denied = /permission denied/;
    await expect(withTenant(db, a, (tx) => tx.auditEntry.update({ where: { seq: entry.seq }, data: { action: "forged" } }))).rejects.toThrow(denied);
    await expect(withTenant(db, a, (tx) => tx.auditEntry.delete({ where: { seq: entry.seq } }))).rejects.toThrow(denied);
    await expect(asPlatform(db, (tx) => tx.auditEntry.deleteMany({ where: { tenantId: a } }))).rejects.toThrow(denied);
    await expect(asPlatform(db, (tx) => tx.$executeRaw`TRUNCATE audit_entries`)).rejects.toThrow(denied);
    expect(await withTenant(db, a, (tx) => tx.auditEntry.findUniqueOrThrow({ where: { seq: entry.seq } }))).toEqual(entry);
  });

  it("leaves the owner role refused too, by the append-only trigger", async () => {
    const a = await makeTenant("audit-owner");
    const owner = new pg.Client(testDb.ownerUrl);
    await owner.connect();
    try {
      await owner.query("SELECT set_config('app.platform', 'on', false)");
      for (const sql of [
        "UPDATE audit_entries SET action = 'forged' WHERE tenant_id = $1",
        "DELETE FROM audit_entries WHERE tenant_id = $1",
      ]) {
        await expect(owner.query(sql, [a])).rejects.toThrow(/append-only: (UPDATE|DELETE) refused/);
      }
      await expect(owner.query("TRUNCATE audit_entries")).rejects.toThrow(/append-only: TRUNCATE refused/);
      const { rows } = await owner.query("SELECT action FROM audit_entries WHERE tenant_id = $1", [a]);
      expect(rows).toEqual([{ action: "test.tenant.created" }]);
    } finally {
      await owner.end();
    }
  });
});

describe("media assets", () => {
  const asset = (tenantId: string, userId: string) => ({
    tenantId,
    ownerKind: "product",
    originalKey: `media/${tenantId}/${crypto.randomUUID()}/original`,
    declaredContentType: "image/png",
    declaredSize: 10,
    createdBy: userId,
  });

  it("tenant A neither sees, changes nor creates tenant B's assets", async () => {
    const a = await makeTenant("media-a");
    const b = await makeTenant("media-b");
    const user = await db.user.create({ data: { email: `media-${a}@x.test`, name: "M", passwordHash: "x" } });
    const bAsset = await withTenant(db, b, (tx) => tx.mediaAsset.create({ data: asset(b, user.id) }));
    await withTenant(db, a, async (tx) => {
      expect(await tx.mediaAsset.findUnique({ where: { id: bAsset.id } })).toBeNull();
      expect(await tx.mediaAsset.count()).toBe(0);
      expect((await tx.mediaAsset.updateMany({ where: { id: bAsset.id }, data: { status: "REJECTED", rejectionReason: "x" } })).count).toBe(0);
      expect(await tx.$executeRaw`DELETE FROM media_assets`).toBe(0);
    });
    await expect(withTenant(db, a, (tx) => tx.mediaAsset.create({ data: asset(b, user.id) }))).rejects.toThrow(/row-level security/);
    expect(await withTenant(db, b, (tx) => tx.mediaAsset.findUniqueOrThrow({ where: { id: bAsset.id } }))).toMatchObject({ status: "PENDING" });
  });
});

describe("payments (platform infrastructure, no tenant_id)", () => {
  const payment = () => ({
    provider: "sandbox",
    orderGroupRef: `og-${crypto.randomUUID()}`,
    idempotencyKey: `rls-${crypto.randomUUID()}`,
    amount: 1000,
    currency: "EUR",
  });

  it("a tenant context neither sees, changes nor creates payments or webhook events; platform context does", async () => {
    const a = await makeTenant("payments-a");
    const created = await asPlatform(db, async (tx) => {
      const p = await tx.payment.create({ data: payment() });
      await tx.paymentWebhookEvent.create({ data: { provider: "sandbox", eventId: `evt_${p.id}`, type: "payment_intent.succeeded", paymentId: p.id, outcome: "applied", payload: {} } });
      return p;
    });
    await withTenant(db, a, async (tx) => {
      expect(await tx.payment.count()).toBe(0);
      expect(await tx.paymentWebhookEvent.count()).toBe(0);
      expect((await tx.payment.updateMany({ where: { id: created.id }, data: { status: "CAPTURED", capturedAmount: 1000 } })).count).toBe(0);
    });
    await expect(withTenant(db, a, (tx) => tx.payment.create({ data: payment() }))).rejects.toThrow(/row-level security/);
    await expect(withTenant(db, a, (tx) => tx.paymentWebhookEvent.create({ data: { provider: "sandbox", eventId: "evt_x", type: "t", outcome: "ignored", payload: {} } }))).rejects.toThrow(
      /row-level security/,
    );
    expect(await asPlatform(db, (tx) => tx.payment.findUniqueOrThrow({ where: { id: created.id } }))).toMatchObject({ status: "AUTHORIZING", capturedAmount: 0 });
    expect(await asPlatform(db, (tx) => tx.paymentWebhookEvent.count({ where: { paymentId: created.id } }))).toBe(1);
  });

  it("the runtime role cannot delete payments or inbox rows, nor rewrite what an inbox row says", async () => {
    const p = await asPlatform(db, (tx) => tx.payment.create({ data: payment() }));
    await asPlatform(db, (tx) => tx.paymentWebhookEvent.create({ data: { provider: "sandbox", eventId: `evt_del_${p.id}`, type: "t", paymentId: p.id, outcome: "ignored", payload: {} } }));
    const denied = /permission denied/;
    await expect(asPlatform(db, (tx) => tx.payment.delete({ where: { id: p.id } }))).rejects.toThrow(denied);
    await expect(asPlatform(db, (tx) => tx.paymentWebhookEvent.deleteMany({ where: { paymentId: p.id } }))).rejects.toThrow(denied);
    await expect(asPlatform(db, (tx) => tx.paymentWebhookEvent.updateMany({ where: { paymentId: p.id }, data: { type: "forged" } }))).rejects.toThrow(denied);
  });

  it("the checks refuse impossible money: over-capture, refund beyond capture, captured without money", async () => {
    const p = await asPlatform(db, (tx) => tx.payment.create({ data: payment() }));
    const check = /violates check constraint/;
    await expect(asPlatform(db, (tx) => tx.payment.update({ where: { id: p.id }, data: { status: "CAPTURED", capturedAmount: 1001 } }))).rejects.toThrow(check);
    await expect(asPlatform(db, (tx) => tx.payment.update({ where: { id: p.id }, data: { status: "CAPTURED", capturedAmount: 1000, refundedAmount: 1001 } }))).rejects.toThrow(check);
    await expect(asPlatform(db, (tx) => tx.payment.update({ where: { id: p.id }, data: { status: "CAPTURED" } }))).rejects.toThrow(check);
  });
});
