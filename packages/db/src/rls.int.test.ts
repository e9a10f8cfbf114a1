import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db, type Tx } from "./client";
import { EmptyWhereError, TenantContextError, UserContextError } from "./errors";
import { TenantRole, TenantType } from "./generated/prisma/client";
import { asPlatform, asUser, withTenant } from "./tenant-context";
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

/** Whether each of `tables` has RLS forced, and its policy names, read by the owner from the catalog. */
async function rlsOf(tables: string[]): Promise<{ table: string; forced: boolean; policies: string[] }[]> {
  const owner = new pg.Client(testDb.ownerUrl);
  await owner.connect();
  try {
    const { rows } = await owner.query<{ table: string; forced: boolean; policies: string[] }>(
      `SELECT c.relname AS table, c.relforcerowsecurity AS forced,
              array(SELECT p.polname::text FROM pg_policy p WHERE p.polrelid = c.oid ORDER BY 1) AS policies
       FROM pg_class c WHERE c.relname = ANY($1) AND c.relkind = 'r' ORDER BY 1`,
      [tables],
    );
    return rows;
  } finally {
    await owner.end();
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

describe("the stock tables (inventory)", () => {
  /** A location, a level, a movement and a reservation group with one line for a fresh tenant. */
  async function stockOf(label: string) {
    const tenantId = await makeTenant(label);
    return asPlatform(db, async (tx) => {
      const store = await tx.store.create({ data: { tenantId, name: label, slug: `${label}-${counter}` } });
      const product = await tx.product.create({ data: { tenantId, storeId: store.id, title: "P", handle: "p" } });
      const variant = await tx.productVariant.create({ data: { tenantId, productId: product.id, sku: `SKU-${label}`, title: "V", priceAmount: 100, currency: "EUR" } });
      const location = await tx.stockLocation.create({ data: { tenantId, name: "Main", code: "main" } });
      await tx.stockLevel.create({ data: { tenantId, variantId: variant.id, locationId: location.id, onHand: 5, reserved: 1 } });
      await tx.stockMovement.create({ data: { tenantId, variantId: variant.id, locationId: location.id, kind: "RECEIPT", onHandDelta: 5, reservedDelta: 0 } });
      const group = await tx.stockReservationGroup.create({ data: { tenantId, idempotencyKey: `key-${label}`, expiresAt: new Date(Date.now() + 60_000) } });
      await tx.stockReservation.create({ data: { tenantId, groupId: group.id, variantId: variant.id, locationId: location.id, quantity: 1, expiresAt: group.expiresAt } });
      return { tenantId, variantId: variant.id, locationId: location.id, groupId: group.id };
    });
  }

  it("show and change only the context tenant's rows, and refuse rows for another tenant", async () => {
    const a = await stockOf("stock-a");
    const b = await stockOf("stock-b");
    await withTenant(db, a.tenantId, async (tx) => {
      expect((await tx.stockLocation.findMany()).map((l) => l.tenantId)).toEqual([a.tenantId]);
      expect((await tx.stockLevel.findMany()).map((l) => l.tenantId)).toEqual([a.tenantId]);
      expect((await tx.stockMovement.findMany()).map((m) => m.tenantId)).toEqual([a.tenantId]);
      expect((await tx.stockReservation.findMany()).map((r) => r.tenantId)).toEqual([a.tenantId]);
      expect((await tx.stockReservationGroup.findMany()).map((g) => g.tenantId)).toEqual([a.tenantId]);
      expect(await tx.$executeRaw`UPDATE stock_levels SET on_hand = on_hand + 1`).toBe(1);
      expect(await tx.$executeRaw`UPDATE stock_reservation_groups SET reference = 'mine'`).toBe(1);
    });
    const rls = /row-level security/;
    await expect(withTenant(db, a.tenantId, (tx) => tx.stockLocation.create({ data: { tenantId: b.tenantId, name: "x", code: "x" } }))).rejects.toThrow(rls);
    await expect(
      withTenant(db, a.tenantId, (tx) => tx.stockMovement.create({ data: { tenantId: b.tenantId, variantId: b.variantId, locationId: b.locationId, kind: "ADJUSTMENT", onHandDelta: 1, reservedDelta: 0 } })),
    ).rejects.toThrow(rls);
    await expect(withTenant(db, a.tenantId, (tx) => tx.stockReservationGroup.create({ data: { tenantId: b.tenantId, idempotencyKey: "steal", expiresAt: new Date() } }))).rejects.toThrow(rls);
    expect(await asPlatform(db, (tx) => tx.stockLevel.findFirstOrThrow({ where: { tenantId: b.tenantId } }))).toMatchObject({ onHand: 5 });
  });

  it("keep the ledger append-only and reservations undeletable for the runtime role", async () => {
    const a = await stockOf("stock-ledger");
    await expect(withTenant(db, a.tenantId, (tx) => tx.$executeRaw`UPDATE stock_movements SET on_hand_delta = 9`)).rejects.toThrow(/permission denied/);
    await expect(withTenant(db, a.tenantId, (tx) => tx.$executeRaw`DELETE FROM stock_movements`)).rejects.toThrow(/permission denied/);
    await expect(withTenant(db, a.tenantId, (tx) => tx.$executeRaw`DELETE FROM stock_reservations`)).rejects.toThrow(/permission denied/);
    await expect(withTenant(db, a.tenantId, (tx) => tx.$executeRaw`DELETE FROM stock_reservation_groups`)).rejects.toThrow(/permission denied/);
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

  it("refuses a malformed tenant or user id before any SQL, and a forged setting fails closed", async () => {
    await expect(withTenant(db, "not-a-uuid", async () => 1)).rejects.toBeInstanceOf(TenantContextError);
    await expect(withTenant(db, "", async () => 1)).rejects.toBeInstanceOf(TenantContextError);
    await expect(asUser(db, "not-a-uuid", async () => 1)).rejects.toBeInstanceOf(UserContextError);
    await expect(asUser(db, "", async () => 1)).rejects.toBeInstanceOf(UserContextError);
    for (const [setting, read] of [
      ["app.tenant_id", (tx: Tx) => tx.membership.findMany()],
      ["app.user_id", (tx: Tx) => tx.userSession.findMany()],
    ] as const) {
      await expect(
        db.$transaction(async (tx) => {
          await tx.$executeRaw`SELECT set_config(${setting}, 'anything', true)`;
          return read(tx);
        }),
      ).rejects.toThrow(/invalid input syntax for type uuid/);
    }
  });

  it("still reaches the global users table", async () => {
    await db.user.create({ data: { email: `global-${crypto.randomUUID()}@x.test`, name: "G", passwordHash: "x" } });
    expect(await db.user.count()).toBeGreaterThan(0);
  });
});

describe("the outbox and the inbox (relay and consumer paths only)", () => {
  /** enqueue's statement shape: a plain INSERT without RETURNING, so it needs no SELECT right. */
  const enqueueRaw = (tx: Db | Tx, tenantId: string | null) =>
    tx.$executeRaw`INSERT INTO outbox_events (event_id, topic, key, type, tenant_id, envelope)
                   VALUES (gen_random_uuid(), 't', 'k', 'x.y.created', ${tenantId}::uuid, '{}')`;
  const claimRaw = (tx: Db | Tx, eventId: string) =>
    tx.$queryRaw<{ event_id: string }[]>`INSERT INTO inbox_events (consumer_group, event_id, topic, partition, "offset")
                   VALUES ('g', ${eventId}::uuid, 't', 0, '1') RETURNING event_id::text AS event_id`;
  const asRole = <T>(role: string, fn: (tx: Tx) => Promise<T>) =>
    db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT set_config('app.role', ${role}, true)`;
      return fn(tx);
    });
  const rls = /row-level security/;

  it("let every context enqueue, a tenant only its own or tenant-less events", async () => {
    const a = await makeTenant("outbox-a");
    const b = await makeTenant("outbox-b");
    expect(await enqueueRaw(db, null)).toBe(1);
    expect(await enqueueRaw(db, b)).toBe(1);
    expect(await withTenant(db, a, (tx) => enqueueRaw(tx, a))).toBe(1);
    expect(await withTenant(db, a, (tx) => enqueueRaw(tx, null))).toBe(1);
    expect(await asPlatform(db, (tx) => enqueueRaw(tx, b))).toBe(1);
    // An event forged for tenant B would run B's effects in the consumers (they scope to its tenant_id).
    await expect(withTenant(db, a, (tx) => enqueueRaw(tx, b))).rejects.toThrow(rls);
    // Prisma's create reads the row back (RETURNING), which only the relay and platform context may do.
    await expect(withTenant(db, a, (tx) => tx.outboxEvent.create({ data: { eventId: crypto.randomUUID(), topic: "t", key: "k", type: "x.y.created", envelope: {}, tenantId: a } }))).rejects.toThrow(rls);
  });

  it("hide the outbox from a tenant, from no context and from the consumer role; its rows stay unchanged", async () => {
    const a = await makeTenant("outbox-read-a");
    await withTenant(db, a, (tx) => enqueueRaw(tx, a));
    const total = await asPlatform(db, (tx) => tx.outboxEvent.count());
    expect(total).toBeGreaterThan(0);
    await withTenant(db, a, async (tx) => {
      expect(await tx.outboxEvent.count()).toBe(0);
      expect(await tx.outboxEvent.findMany({ where: { tenantId: a } })).toEqual([]);
      expect(await tx.$executeRaw`UPDATE outbox_events SET published_at = now()`).toBe(0);
      expect(await tx.$executeRaw`DELETE FROM outbox_events`).toBe(0);
    });
    expect(await db.outboxEvent.count()).toBe(0);
    expect(await db.$executeRaw`DELETE FROM outbox_events`).toBe(0);
    expect(await asRole("consumer", (tx) => tx.outboxEvent.count())).toBe(0);
    expect(await asPlatform(db, (tx) => tx.outboxEvent.count({ where: { publishedAt: null } }))).toBe(total);
  });

  it("let the relay's session (app.role=relay at connect) read and mark the outbox", async () => {
    await enqueueRaw(db, null);
    const relay = new pg.Client({ connectionString: testDb.url, options: "-c app.role=relay" });
    await relay.connect();
    try {
      const { rows } = await relay.query<{ position: string }>("SELECT position::text FROM outbox_events WHERE published_at IS NULL ORDER BY position");
      expect(rows.length).toBeGreaterThan(0);
      const marked = await relay.query("UPDATE outbox_events SET published_at = now() WHERE position = ANY($1::bigint[])", [rows.map((r) => r.position)]);
      expect(marked.rowCount).toBe(rows.length);
      // The relay role opens the outbox, not the inbox.
      expect((await relay.query("SELECT count(*)::int AS n FROM inbox_events")).rows).toEqual([{ n: 0 }]);
    } finally {
      await relay.end();
    }
    expect(await asPlatform(db, (tx) => tx.outboxEvent.count({ where: { publishedAt: null } }))).toBe(0);
  });

  it("let only the consumer claim (app.role=consumer) and platform context write and read the inbox", async () => {
    const a = await makeTenant("inbox-a");
    const eventId = crypto.randomUUID();
    expect(await asRole("consumer", (tx) => claimRaw(tx, eventId))).toEqual([{ event_id: eventId }]);
    await expect(claimRaw(db, crypto.randomUUID())).rejects.toThrow(rls);
    await expect(withTenant(db, a, (tx) => claimRaw(tx, crypto.randomUUID()))).rejects.toThrow(rls);
    await expect(asRole("relay", (tx) => claimRaw(tx, crypto.randomUUID()))).rejects.toThrow(rls);
    await withTenant(db, a, async (tx) => {
      expect(await tx.inboxEvent.count()).toBe(0);
      expect(await tx.$executeRaw`DELETE FROM inbox_events`).toBe(0);
    });
    expect(await db.inboxEvent.count()).toBe(0);
    expect(await asPlatform(db, (tx) => tx.inboxEvent.count({ where: { eventId } }))).toBe(1);
  });
});

describe("a user's own rows (sessions, refresh tokens, second factors, recovery codes, reset tokens)", () => {
  const USER_OWNED = ["user_sessions", "refresh_tokens", "user_second_factors", "recovery_codes", "password_reset_tokens"];

  /** A user with one row in every user-owned table, written by the platform. */
  async function makeUser(label: string) {
    const n = ++counter;
    return asPlatform(db, async (tx) => {
      const user = await tx.user.create({ data: { email: `${label}-${n}@users.test`, name: label, passwordHash: "x" } });
      const session = await tx.userSession.create({ data: { userId: user.id } });
      await tx.refreshToken.create({
        data: { tokenHash: `rt-${label}-${n}`, familyId: crypto.randomUUID(), sessionId: session.id, userId: user.id, expiresAt: new Date(Date.now() + 60_000) },
      });
      await tx.userSecondFactor.create({ data: { userId: user.id, totpSecret: "sealed", totpEnabledAt: new Date() } });
      await tx.recoveryCode.create({ data: { userId: user.id, codeHash: `rc-${label}-${n}` } });
      await tx.passwordResetToken.create({ data: { userId: user.id, tokenHash: `pr-${label}-${n}`, expiresAt: new Date(Date.now() + 60_000) } });
      return { userId: user.id, sessionId: session.id };
    });
  }

  const counts = (tx: Db | Tx) =>
    tx.$queryRaw<{ sessions: bigint; refresh: bigint; factors: bigint; codes: bigint; resets: bigint }[]>`
      SELECT (SELECT count(*) FROM user_sessions) AS sessions, (SELECT count(*) FROM refresh_tokens) AS refresh,
             (SELECT count(*) FROM user_second_factors) AS factors, (SELECT count(*) FROM recovery_codes) AS codes,
             (SELECT count(*) FROM password_reset_tokens) AS resets`.then((r) => r[0]);
  const one = { sessions: 1n, refresh: 1n, factors: 1n, codes: 1n, resets: 1n };
  const none = { sessions: 0n, refresh: 0n, factors: 0n, codes: 0n, resets: 0n };

  it("show user A only A's rows, even when A's queries name B's", async () => {
    const a = await makeUser("own-a");
    const b = await makeUser("own-b");
    await asUser(db, a.userId, async (tx) => {
      expect(await counts(tx)).toEqual(one);
      expect(await tx.userSession.findUnique({ where: { id: b.sessionId } })).toBeNull();
      expect(await tx.refreshToken.findMany({ where: { userId: b.userId } })).toEqual([]);
      expect(await tx.userSecondFactor.findUnique({ where: { userId: b.userId } })).toBeNull();
      expect(await tx.recoveryCode.count({ where: { userId: b.userId } })).toBe(0);
      expect(await tx.passwordResetToken.count({ where: { userId: b.userId } })).toBe(0);
      expect((await tx.userSession.findMany()).map((r) => r.userId)).toEqual([a.userId]);
    });
  });

  it("let user A change or delete none of B's rows, and write none in B's name", async () => {
    const a = await makeUser("write-own-a");
    const b = await makeUser("write-own-b");
    await asUser(db, a.userId, async (tx) => {
      expect((await tx.userSession.updateMany({ where: { userId: b.userId }, data: { revokedAt: new Date(), revokedReason: "forged" } })).count).toBe(0);
      expect(await tx.$executeRaw`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = ${b.userId}::uuid`).toBe(0);
      expect(await tx.$executeRaw`UPDATE user_second_factors SET totp_enabled_at = NULL WHERE user_id = ${b.userId}::uuid`).toBe(0);
      expect(await tx.$executeRaw`DELETE FROM recovery_codes WHERE user_id = ${b.userId}::uuid`).toBe(0);
      expect(await tx.$executeRaw`DELETE FROM password_reset_tokens WHERE user_id = ${b.userId}::uuid`).toBe(0);
      // Without a filter, only A's own rows move.
      expect(await tx.$executeRaw`UPDATE user_sessions SET last_seen_at = now()`).toBe(1);
    });
    const rls = /row-level security/;
    await expect(asUser(db, a.userId, (tx) => tx.userSession.create({ data: { userId: b.userId } }))).rejects.toThrow(rls);
    await expect(asUser(db, a.userId, (tx) => tx.recoveryCode.create({ data: { userId: b.userId, codeHash: `planted-${a.userId}` } }))).rejects.toThrow(rls);
    await expect(asUser(db, a.userId, (tx) => tx.userSecondFactor.create({ data: { userId: b.userId } }))).rejects.toThrow(rls);
    await expect(asUser(db, a.userId, (tx) => tx.$executeRaw`UPDATE user_sessions SET user_id = ${b.userId}::uuid`)).rejects.toThrow(rls);
    await expect(
      asUser(db, a.userId, (tx) => tx.passwordResetToken.create({ data: { userId: b.userId, tokenHash: `planted-${a.userId}`, expiresAt: new Date(Date.now() + 60_000) } })),
    ).rejects.toThrow(rls);
    const untouched = await asPlatform(db, async (tx) => ({
      session: await tx.userSession.findUniqueOrThrow({ where: { id: b.sessionId } }),
      factor: await tx.userSecondFactor.findUniqueOrThrow({ where: { userId: b.userId } }),
    }));
    expect(untouched.session.revokedAt).toBeNull();
    expect(untouched.factor.totpEnabledAt).not.toBeNull();
    expect(await asPlatform(db, (tx) => tx.recoveryCode.count({ where: { userId: b.userId } }))).toBe(1);
    expect(await asPlatform(db, (tx) => tx.refreshToken.count({ where: { userId: b.userId, revokedAt: null } }))).toBe(1);
  });

  it("show nothing to no context or a tenant context, and accept nothing from them", async () => {
    const a = await makeUser("own-none");
    const tenant = await makeTenant("own-tenant");
    expect(await counts(db)).toEqual(none);
    expect(await withTenant(db, tenant, (tx) => counts(tx))).toEqual(none);
    await expect(db.userSession.create({ data: { userId: a.userId } })).rejects.toThrow(/row-level security/);
    await expect(withTenant(db, tenant, (tx) => tx.recoveryCode.create({ data: { userId: a.userId, codeHash: "t" } }))).rejects.toThrow(/row-level security/);
    // A user context does not open tenant tables either.
    expect(await asUser(db, a.userId, (tx) => tx.membership.count())).toBe(0);
    // Platform context sees every user's rows (the listed asPlatform escapes and the workers).
    expect((await asPlatform(db, (tx) => counts(tx)))!.sessions).toBeGreaterThanOrEqual(3n);
  });

  it("have RLS forced with the user and platform policies", async () => {
    expect(await rlsOf(USER_OWNED)).toEqual([...USER_OWNED].sort().map((table) => ({ table, forced: true, policies: ["platform_access", "user_isolation"] })));
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

describe("store domains", () => {
  async function claim(tenantId: string, hostname: string, verified: boolean) {
    return asPlatform(db, async (tx) => {
      const store = await tx.store.create({ data: { tenantId, name: hostname, slug: `s-${++counter}` } });
      return tx.storeDomain.create({
        data: {
          tenantId,
          storeId: store.id,
          hostname,
          token: "t".repeat(32),
          ...(verified ? { status: "VERIFIED" as const, verifiedHostname: hostname, verifiedAt: new Date() } : {}),
        },
      });
    });
  }

  it("shows a tenant only its own claims, and store_domain_verified_elsewhere() answers a yes/no without widening its view", async () => {
    const a = await makeTenant("domains-a");
    const b = await makeTenant("domains-b");
    await claim(a, "shop.domains-a.example", true);
    await claim(b, "shop.domains-a.example", false);
    await withTenant(db, b, async (tx) => {
      expect((await tx.storeDomain.findMany()).map((d) => d.tenantId)).toEqual([b]);
      const [asked] = await tx.$queryRaw<{ taken: boolean; platform: string }[]>`
        SELECT store_domain_verified_elsewhere('shop.domains-a.example') AS taken, current_setting('app.platform', true) AS platform`;
      expect(asked).toEqual({ taken: true, platform: "off" });
      // After the function returned, the transaction is back to tenant B's view.
      expect((await tx.storeDomain.findMany()).map((d) => d.tenantId)).toEqual([b]);
      expect(await tx.$queryRaw`SELECT store_domain_verified_elsewhere('unknown.example') AS taken`).toEqual([{ taken: false }]);
    });
    // Its own verified name is not "elsewhere".
    expect(await withTenant(db, a, (tx) => tx.$queryRaw`SELECT store_domain_verified_elsewhere('shop.domains-a.example') AS taken`)).toEqual([{ taken: false }]);
  });

  it("refuses a second verified claim of one host name and a tenant writing another tenant's claim", async () => {
    const a = await makeTenant("domains-c");
    const b = await makeTenant("domains-d");
    await claim(a, "taken.domains.example", true);
    await expect(claim(b, "taken.domains.example", true)).rejects.toThrow(/Unique constraint|unique/i);
    const storeOfA = await asPlatform(db, (tx) => tx.store.findFirstOrThrow({ where: { tenantId: a } }));
    await expect(
      withTenant(db, b, (tx) => tx.storeDomain.create({ data: { tenantId: a, storeId: storeOfA.id, hostname: "x.domains.example", token: "t".repeat(32) } })),
    ).rejects.toThrow(/row-level security|violates/);
  });
});

describe("catalog tables", () => {
  const CATALOG = ["products", "product_options", "product_variants", "product_images", "collections", "product_collections"];

  /** A store, a product with an option, a variant and an image, and a collection holding it, for `tenantId`. */
  async function makeCatalog(tenantId: string, label: string) {
    return asPlatform(db, async (tx) => {
      const store = await tx.store.create({ data: { tenantId, name: label, slug: `${label}-shop` } });
      const product = await tx.product.create({ data: { tenantId, storeId: store.id, title: label, handle: label } });
      await tx.productOption.create({ data: { tenantId, productId: product.id, name: "Size", values: ["M"] } });
      const variant = await tx.productVariant.create({
        data: { tenantId, productId: product.id, sku: `${label}-m`, title: "M", optionValues: { Size: "M" }, priceAmount: 100, currency: "EUR" },
      });
      await tx.productImage.create({ data: { tenantId, productId: product.id, assetId: crypto.randomUUID() } });
      const collection = await tx.collection.create({ data: { tenantId, title: label, handle: label } });
      await tx.productCollection.create({ data: { tenantId, productId: product.id, collectionId: collection.id } });
      return { storeId: store.id, productId: product.id, variantId: variant.id, collectionId: collection.id };
    });
  }

  it("are tenant-owned with forced RLS", async () => {
    expect(await rlsOf(CATALOG)).toEqual([...CATALOG].sort().map((table) => ({ table, forced: true, policies: ["platform_access", "tenant_isolation"] })));
  });

  it("hide tenant A's catalog from tenant B, even by id, and refuse B's writes to it", async () => {
    const a = await makeTenant("cat-a");
    const b = await makeTenant("cat-b");
    const ids = await makeCatalog(a, "cat-a-thing");
    await withTenant(db, b, async (tx) => {
      expect(await tx.product.findUnique({ where: { id: ids.productId } })).toBeNull();
      expect(await tx.productVariant.findUnique({ where: { id: ids.variantId } })).toBeNull();
      expect(await tx.collection.findUnique({ where: { id: ids.collectionId } })).toBeNull();
      for (const table of CATALOG) {
        const [row] = await tx.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM ${table}`);
        expect({ table, n: row!.n }).toEqual({ table, n: 0n });
      }
      expect((await tx.product.updateMany({ where: { id: ids.productId }, data: { title: "stolen" } })).count).toBe(0);
      expect(await tx.$executeRaw`UPDATE product_variants SET price_amount = 1 WHERE id = ${ids.variantId}::uuid`).toBe(0);
      expect(await tx.$executeRaw`DELETE FROM product_collections WHERE product_id = ${ids.productId}::uuid`).toBe(0);
    });
    // Writing a row that claims tenant A from B's context fails the policy's WITH CHECK.
    await expect(
      withTenant(db, b, (tx) => tx.productOption.create({ data: { tenantId: a, productId: ids.productId, name: "Forged", values: [] } })),
    ).rejects.toThrow(/row-level security/);
    const untouched = await withTenant(db, a, (tx) => tx.product.findUniqueOrThrow({ where: { id: ids.productId }, include: { options: true } }));
    expect(untouched).toMatchObject({ title: "cat-a-thing", options: [{ name: "Size" }] });
  });

  it("refuse a child row of one tenant on another tenant's product or collection, even in platform context", async () => {
    const a = await makeTenant("fk-a");
    const b = await makeTenant("fk-b");
    const ofA = await makeCatalog(a, "fk-a-thing");
    const ofB = await makeCatalog(b, "fk-b-thing");
    const fk = /Foreign key constraint|violates foreign key/;
    await expect(asPlatform(db, (tx) => tx.productOption.create({ data: { tenantId: b, productId: ofA.productId, name: "X", values: [] } }))).rejects.toThrow(fk);
    await expect(
      asPlatform(db, (tx) => tx.productVariant.create({ data: { tenantId: b, productId: ofA.productId, sku: "x", title: "x", priceAmount: 1, currency: "EUR" } })),
    ).rejects.toThrow(fk);
    await expect(asPlatform(db, (tx) => tx.productImage.create({ data: { tenantId: b, productId: ofA.productId, assetId: crypto.randomUUID() } }))).rejects.toThrow(fk);
    await expect(asPlatform(db, (tx) => tx.productCollection.create({ data: { tenantId: b, productId: ofB.productId, collectionId: ofA.collectionId } }))).rejects.toThrow(fk);
    await expect(asPlatform(db, (tx) => tx.product.create({ data: { tenantId: b, storeId: ofA.storeId, title: "x", handle: "x" } }))).rejects.toThrow(fk);
  });

  it("let every context read the category tree and only platform context write it", async () => {
    const a = await makeTenant("cat-tree");
    const root = await asPlatform(db, (tx) => tx.category.create({ data: { name: "Root", slug: "rls-root", path: "rls-root" } }));
    expect(await withTenant(db, a, (tx) => tx.category.findUnique({ where: { id: root.id } }))).toMatchObject({ slug: "rls-root" });
    expect(await db.category.findUnique({ where: { id: root.id } })).toMatchObject({ slug: "rls-root" });
    await expect(withTenant(db, a, (tx) => tx.category.create({ data: { name: "Mine", slug: "rls-mine", path: "rls-mine" } }))).rejects.toThrow(/row-level security/);
    expect(await withTenant(db, a, (tx) => tx.$executeRaw`UPDATE categories SET name = 'x' WHERE id = ${root.id}::uuid`)).toBe(0);
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

describe("checkout tables", () => {
  /** An order group with one order (and line) of `tenantId`, its saga and a shipping rate, as the platform. */
  async function makeOrder(tenantId: string) {
    return asPlatform(db, async (tx) => {
      const groupId = crypto.randomUUID();
      const orderId = crypto.randomUUID();
      await tx.orderGroup.create({
        data: { id: groupId, idempotencyKey: `rls-${groupId}`, cartId: "c", email: "s@x.test", shippingAddress: {}, currency: "EUR", totalAmount: 100 },
      });
      await tx.order.create({
        data: {
          id: orderId, tenantId, groupId, currency: "EUR", subtotalAmount: 100, shippingAmount: 0, taxAmount: 0, totalAmount: 100, pricesIncludeTax: false,
          shippingRateCode: "std", commissionPlan: "FREE", commissionBps: 1_500, commissionAmount: 15, captureAt: "CONFIRMATION",
          lines: { create: [{ id: crypto.randomUUID(), variantId: crypto.randomUUID(), sku: "s", title: "t", quantity: 1, unitPriceAmount: 100, lineTotalAmount: 100 }] },
        },
      });
      await tx.checkoutSaga.create({ data: { id: crypto.randomUUID(), groupId, deadline: new Date() } });
      await tx.shippingRate.create({ data: { tenantId, code: `std-${orderId.slice(0, 8)}`, name: "Std", kind: "FLAT", currency: "EUR", baseAmount: 1 } });
      return { groupId, orderId };
    });
  }

  it("show a seller only their own orders, lines and rates, and no order group or saga at all", async () => {
    const a = await makeTenant("order-a");
    const b = await makeTenant("order-b");
    const ofA = await makeOrder(a);
    await makeOrder(b);
    await withTenant(db, b, async (tx) => {
      expect(await tx.order.findUnique({ where: { id: ofA.orderId } })).toBeNull();
      expect((await tx.order.findMany()).every((o) => o.tenantId === b)).toBe(true);
      expect((await tx.orderLine.findMany()).every((l) => l.tenantId === b)).toBe(true);
      expect((await tx.shippingRate.findMany()).every((r) => r.tenantId === b)).toBe(true);
      expect(await tx.orderGroup.count()).toBe(0);
      expect(await tx.checkoutSaga.count()).toBe(0);
      expect(await tx.$executeRaw`UPDATE orders SET status = 'CANCELLED' WHERE id = ${ofA.orderId}::uuid`).toBe(0);
    });
    await expect(withTenant(db, a, (tx) => tx.$executeRaw`DELETE FROM orders WHERE id = ${ofA.orderId}::uuid`)).rejects.toThrow(/permission denied/);
  });

  it("show a seller only their own refunds; a tenant cannot write another's, nor delete any", async () => {
    const a = await makeTenant("refund-a");
    const b = await makeTenant("refund-b");
    const ofA = await makeOrder(a);
    const refund = (tenantId: string, orderId: string, groupId: string) => ({
      id: crypto.randomUUID(), tenantId, orderId, groupId, paymentId: crypto.randomUUID(), idempotencyKey: `rls-${crypto.randomUUID()}`, fingerprint: "f",
      amount: 10, currency: "EUR", reason: "r", nextAttemptAt: new Date(), actorId: crypto.randomUUID(),
    });
    const row = await withTenant(db, a, (tx) => tx.orderRefund.create({ data: refund(a, ofA.orderId, ofA.groupId) }));
    await withTenant(db, b, async (tx) => {
      expect(await tx.orderRefund.findUnique({ where: { id: row.id } })).toBeNull();
      expect(await tx.orderRefund.count()).toBe(0);
      expect(await tx.$executeRaw`UPDATE order_refunds SET amount = 1 WHERE id = ${row.id}::uuid`).toBe(0);
    });
    await expect(withTenant(db, b, (tx) => tx.orderRefund.create({ data: refund(a, ofA.orderId, ofA.groupId) }))).rejects.toThrow(/row-level security/);
    await expect(withTenant(db, a, (tx) => tx.$executeRaw`DELETE FROM order_refunds WHERE id = ${row.id}::uuid`)).rejects.toThrow(/permission denied/);
    expect(await asPlatform(db, (tx) => tx.orderRefund.count({ where: { id: row.id } }))).toBe(1);
  });

  it("let every context read tax rates and only the platform write them", async () => {
    const a = await makeTenant("tax-a");
    await asPlatform(db, (tx) => tx.taxRate.create({ data: { region: "ZZ", rateBps: 700 } }));
    expect(await withTenant(db, a, (tx) => tx.taxRate.findUnique({ where: { region: "ZZ" } }))).toMatchObject({ rateBps: 700 });
    await expect(withTenant(db, a, (tx) => tx.taxRate.create({ data: { region: "ZY", rateBps: 1 } }))).rejects.toThrow(/row-level security/);
    expect(await withTenant(db, a, (tx) => tx.$executeRaw`UPDATE tax_rates SET rate_bps = 0 WHERE region = 'ZZ'`)).toBe(0);
  });
});

describe("reviews tables", () => {
  const REVIEWS = ["reviews", "review_photos", "review_votes", "review_reports", "review_settings", "product_ratings", "seller_ratings"];

  /** A delivered order of `tenantId` with one line, a review of it with a vote and a report, its settings and ratings. */
  async function makeReview(tenantId: string) {
    return asPlatform(db, async (tx) => {
      const groupId = crypto.randomUUID();
      const orderId = crypto.randomUUID();
      const lineId = crypto.randomUUID();
      const productId = crypto.randomUUID();
      const shopper = await tx.user.create({ data: { email: `shopper-${orderId}@rls.test`, name: "S", passwordHash: "x" } });
      await tx.orderGroup.create({
        data: { id: groupId, idempotencyKey: `rls-rev-${groupId}`, cartId: "c", shopperUserId: shopper.id, email: "s@x.test", shippingAddress: {}, currency: "EUR", totalAmount: 100 },
      });
      await tx.order.create({
        data: {
          id: orderId, tenantId, groupId, status: "DELIVERED", currency: "EUR", subtotalAmount: 100, shippingAmount: 0, taxAmount: 0, totalAmount: 100, pricesIncludeTax: false,
          shippingRateCode: "std", commissionPlan: "FREE", commissionBps: 1_500, commissionAmount: 15, captureAt: "CONFIRMATION",
          lines: { create: [{ id: lineId, variantId: crypto.randomUUID(), sku: "s", title: "t", quantity: 1, unitPriceAmount: 100, lineTotalAmount: 100 }] },
        },
      });
      const review = await tx.review.create({
        data: { tenantId, subject: "PRODUCT", productId, orderId, orderLineId: lineId, authorUserId: shopper.id, authorName: "S", rating: 4, title: "t", body: "b", editableUntil: new Date() },
      });
      await tx.reviewVote.create({ data: { tenantId, reviewId: review.id, userId: shopper.id } });
      await tx.reviewReport.create({ data: { tenantId, reviewId: review.id, reporterUserId: shopper.id, reason: "r" } });
      await tx.reviewSettings.create({ data: { tenantId, autoPublish: true } });
      await tx.productRating.create({ data: { productId, tenantId, count: 1, sum: 4, star4: 1 } });
      await tx.sellerRating.create({ data: { tenantId, count: 1, sum: 4, star4: 1 } });
      return { reviewId: review.id, productId };
    });
  }

  it("are tenant-owned with forced RLS", async () => {
    expect(await rlsOf(REVIEWS)).toEqual([...REVIEWS].sort().map((table) => ({ table, forced: true, policies: ["platform_access", "tenant_isolation"] })));
  });

  it("show a seller only the reviews of their own products and store, and refuse writes to another seller's", async () => {
    const a = await makeTenant("rev-a");
    const b = await makeTenant("rev-b");
    const ofA = await makeReview(a);
    await makeReview(b);
    await withTenant(db, b, async (tx) => {
      expect(await tx.review.findUnique({ where: { id: ofA.reviewId } })).toBeNull();
      expect((await tx.review.findMany()).every((r) => r.tenantId === b)).toBe(true);
      expect((await tx.reviewVote.findMany()).every((r) => r.tenantId === b)).toBe(true);
      expect((await tx.reviewReport.findMany()).every((r) => r.tenantId === b)).toBe(true);
      expect((await tx.reviewSettings.findMany()).map((r) => r.tenantId)).toEqual([b]);
      expect(await tx.productRating.findUnique({ where: { productId: ofA.productId } })).toBeNull();
      expect((await tx.sellerRating.findMany()).map((r) => r.tenantId)).toEqual([b]);
      expect(await tx.$executeRaw`UPDATE reviews SET reply_body = 'x', replied_at = now() WHERE id = ${ofA.reviewId}::uuid`).toBe(0);
      expect(await tx.$executeRaw`UPDATE product_ratings SET count = 0, sum = 0, star4 = 0 WHERE product_id = ${ofA.productId}::uuid`).toBe(0);
    });
    await expect(withTenant(db, b, (tx) => tx.reviewSettings.create({ data: { tenantId: a, autoPublish: false } }))).rejects.toThrow(/row-level security/);
    await expect(withTenant(db, a, (tx) => tx.$executeRaw`DELETE FROM reviews WHERE id = ${ofA.reviewId}::uuid`)).rejects.toThrow(/permission denied/);
  });

  it("refuse an impossible rating or histogram", async () => {
    const a = await makeTenant("rev-check");
    const { reviewId } = await makeReview(a);
    await expect(asPlatform(db, (tx) => tx.$executeRaw`UPDATE reviews SET rating = 6 WHERE id = ${reviewId}::uuid`)).rejects.toThrow(/reviews_rating_range/);
    await expect(asPlatform(db, (tx) => tx.sellerRating.update({ where: { tenantId: a }, data: { count: 2 } }))).rejects.toThrow(/seller_ratings_histogram/);
  });
});
