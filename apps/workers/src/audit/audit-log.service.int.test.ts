import { randomUUID } from "node:crypto";
import { asPlatform, createDb, withTenant, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GENESIS_HASH } from "./audit-chain";
import { appendAuditEntry, verifyAuditChain, type AuditInput } from "./audit-log.service";

let database: TestDatabase;
let db: Db;
let tenantA: string;
let tenantB: string;

const input = (tenantId: string | null, over: Partial<AuditInput> = {}): AuditInput => ({
  tenantId,
  actorId: null,
  action: "tenants.tenant.updated",
  entityType: "tenant",
  entityId: tenantId,
  data: { field: "name" },
  eventId: randomUUID(),
  ...over,
});

beforeAll(async () => {
  database = await createTestDatabase(testDatabaseName("workers_audit"));
  db = createDb({ url: database.url, poolSize: 8 });
  [tenantA, tenantB] = await asPlatform(db, async (tx) => {
    const a = await tx.tenant.create({ data: { slug: "audit-a", name: "A", type: "SELLER_BUSINESS" } });
    const b = await tx.tenant.create({ data: { slug: "audit-b", name: "B", type: "MARKETPLACE" } });
    return [a.id, b.id];
  });
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe("appendAuditEntry", () => {
  it("starts each tenant's chain at the genesis hash and links the next entry to it", async () => {
    const first = await withTenant(db, tenantA, (tx) => appendAuditEntry(tx, input(tenantA)));
    const second = await withTenant(db, tenantA, (tx) => appendAuditEntry(tx, input(tenantA)));
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(second.prevHash).toBe(first.hash);
    const platform = await asPlatform(db, (tx) => appendAuditEntry(tx, input(null, { action: "identity.user.registered" })));
    expect(platform.prevHash).toBe(GENESIS_HASH);
  });

  it("keeps a chain linear under concurrent appends from separate transactions", async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        withTenant(db, tenantB, (tx) => appendAuditEntry(tx, input(tenantB, { data: { i } }))),
      ),
    );
    const report = await verifyAuditChain(db, tenantB);
    expect(report).toMatchObject({ entries: 12, broken: null });
  });

  it("records an event once, returning the existing entry on redelivery", async () => {
    const eventId = randomUUID();
    const a = await withTenant(db, tenantA, (tx) => appendAuditEntry(tx, input(tenantA, { eventId })));
    const b = await withTenant(db, tenantA, (tx) => appendAuditEntry(tx, input(tenantA, { eventId })));
    expect(b.id).toBe(a.id);
    expect(await asPlatform(db, (tx) => tx.auditEntry.count({ where: { eventId } }))).toBe(1);
  });

  it("refuses a fork of any chain, the platform's included: two entries after one predecessor", async () => {
    const fork = (tenantId: string | null, prevHash: string) =>
      asPlatform(db, (tx) =>
        tx.auditEntry.create({
          data: { tenantId, action: "forged", entityType: "x", prevHash, hash: randomUUID().replace(/-/g, "").padEnd(64, "0") },
        }),
      ).then(
        () => null,
        (e: unknown) => e,
      );
    const tenantEntry = await withTenant(db, tenantA, (tx) => appendAuditEntry(tx, input(tenantA)));
    const platformEntry = await asPlatform(db, (tx) => appendAuditEntry(tx, input(null, { action: "identity.user.registered" })));
    // The tenant chain was protected before; the platform chain (tenant_id NULL) only by the partial index.
    expect(await fork(tenantA, tenantEntry.prevHash)).toMatchObject({ code: "P2002" });
    expect(await fork(null, platformEntry.prevHash)).toMatchObject({ code: "P2002" });
  });

  it("is append-only for the application role", async () => {
    const entry = await withTenant(db, tenantA, (tx) => appendAuditEntry(tx, input(tenantA)));
    const refused = await asPlatform(db, (tx) => tx.auditEntry.update({ where: { seq: entry.seq }, data: { action: "forged" } })).then(
      () => null,
      (e: unknown) => e,
    );
    // The grant is missing (42501), not a row that RLS hid or a constraint: the role may never UPDATE.
    expect(refused).toMatchObject({ name: "PrismaClientKnownRequestError", message: expect.stringContaining("permission denied for table audit_entries") });
    expect(await asPlatform(db, (tx) => tx.auditEntry.findUniqueOrThrow({ where: { seq: entry.seq } }))).toMatchObject({ action: entry.action });
  });
});

describe("verifyAuditChain", () => {
  it("accepts every intact chain, paging through it", async () => {
    for (const tenantId of [tenantA, tenantB, null]) {
      expect((await verifyAuditChain(db, tenantId, 2)).broken).toBeNull();
    }
  });

  it("reports an entry inserted around the appender with a hash that does not follow", async () => {
    const before = await verifyAuditChain(db, tenantA);
    const forged = await withTenant(db, tenantA, (tx) =>
      tx.auditEntry.create({
        data: {
          tenantId: tenantA,
          action: "tenants.tenant.deleted",
          entityType: "tenant",
          entityId: tenantA,
          prevHash: before.headHash,
          hash: "f".repeat(64),
        },
      }),
    );
    const after = await verifyAuditChain(db, tenantA);
    expect(after.broken).toEqual({ seq: forged.seq, reason: "hash-mismatch" });
    expect(after.entries).toBe(before.entries);
  });
});
