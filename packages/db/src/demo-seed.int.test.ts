import { verify } from "@node-rs/argon2";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDb, type Db } from "./client";
import { DEMO_PASSWORD, DEMO_TENANTS, DEMO_USERS, seedDemoData } from "./demo-seed";
import { asPlatform, withTenant } from "./tenant-context";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "./testing";

let testDb: TestDatabase;
let db: Db;

beforeAll(async () => {
  testDb = await createTestDatabase(testDatabaseName("db_seed"));
  db = createDb({ url: testDb.url, poolSize: 2 });
});

afterAll(async () => {
  await db?.$disconnect();
  await testDb?.drop();
});

const snapshot = () =>
  asPlatform(db, async (tx) => ({
    users: await tx.user.findMany({ orderBy: { email: "asc" }, select: { id: true, email: true, passwordHash: true, platformRole: true } }),
    tenants: await tx.tenant.findMany({ orderBy: { slug: "asc" }, select: { id: true, slug: true } }),
    memberships: await tx.membership.findMany({ orderBy: { id: "asc" }, select: { id: true, tenantId: true, userId: true, role: true } }),
  }));

it("seeds the demo logins once, and a second run changes nothing", async () => {
  const logins = await seedDemoData(db);
  expect(logins.map((l) => l.email)).toEqual(DEMO_USERS.map((u) => u.email));
  const first = await snapshot();
  expect(first.users).toHaveLength(DEMO_USERS.length);
  expect(first.tenants.map((t) => t.id).sort()).toEqual(DEMO_TENANTS.map((t) => t.id).sort());
  expect(first.memberships).toHaveLength(4);

  await seedDemoData(db);
  expect(await snapshot()).toEqual(first);

  for (const user of first.users) {
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verify(user.passwordHash, DEMO_PASSWORD)).toBe(true);
  }
  const operator = first.users.find((u) => u.email === "operator@bazaar.local");
  expect(operator?.platformRole).toBe("OPERATOR");
  const acme = DEMO_TENANTS[0].id;
  expect(await withTenant(db, acme, (tx) => tx.membership.count())).toBe(2);
});
