import { asPlatform, createDb, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { baseEnv } from "@bazaar/config";
import { quietLogger } from "./testing/quiet-logger";
import { TRPCError } from "@trpc/server";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "./root";
import type { Session } from "./session";
import { waitForUrls } from "./testing/wait-for";
import { createCallerFactory, createTRPCContext, createTRPCRouter, platformProcedure, tenantProcedure } from "./trpc";

// Exercises the procedure builders against the real database. Sessions are handed to the context
// explicitly: verifying credentials is the identity domain's resolver, not what is under test here.

let database: TestDatabase;
let db: Db;
let redis: Redis;
const ids = { acme: "", globex: "", owner: "", staff: "", outsider: "" };

const probeRouter = createTRPCRouter({
  visibleMemberships: tenantProcedure("MANAGER").query(({ ctx }) =>
    ctx.db.membership.findMany({ select: { tenantId: true } }),
  ),
  renameThenFail: tenantProcedure("OWNER").mutation(async ({ ctx }) => {
    await ctx.db.tenant.update({ where: { id: ctx.tenant.id }, data: { name: "Renamed" } });
    throw new Error("handler failed after writing");
  }),
  operatorOnly: platformProcedure("OPERATOR").query(() => "ok"),
});
const createProbeCaller = createCallerFactory(probeRouter);

async function ctxFor(session: Session | null, headers: Record<string, string> = {}) {
  const ctx = await createTRPCContext({ headers, db, redis, logger: quietLogger() });
  return { ...ctx, session };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return (error as TRPCError).code;
}

beforeAll(async () => {
  await waitForUrls(baseEnv().DATABASE_URL, baseEnv().REDIS_URL);
  database = await createTestDatabase(testDatabaseName("api_trpc"));
  db = createDb({ url: database.url, poolSize: 4 });
  redis = new Redis(baseEnv().REDIS_URL, { maxRetriesPerRequest: 1 });
  await asPlatform(db, async (tx) => {
    const user = (email: string) => tx.user.create({ data: { email, name: email, passwordHash: "unused-in-this-test" } });
    const [owner, staff, outsider] = await Promise.all([user("owner@acme.test"), user("staff@acme.test"), user("out@acme.test")]);
    const acme = await tx.tenant.create({ data: { slug: "acme", name: "Acme", type: "SELLER_BUSINESS" } });
    const globex = await tx.tenant.create({ data: { slug: "globex", name: "Globex", type: "MARKETPLACE" } });
    await tx.membership.createMany({
      data: [
        { tenantId: acme.id, userId: owner.id, role: "OWNER" },
        { tenantId: acme.id, userId: staff.id, role: "STAFF" },
        { tenantId: globex.id, userId: owner.id, role: "VIEWER" },
        { tenantId: globex.id, userId: outsider.id, role: "OWNER" },
      ],
    });
    Object.assign(ids, { acme: acme.id, globex: globex.id, owner: owner.id, staff: staff.id, outsider: outsider.id });
  });
});

afterAll(async () => {
  redis?.disconnect();
  await db?.$disconnect();
  await database?.drop();
});

describe("tenantProcedure", () => {
  it("runs the handler under row-level security for the header's tenant", async () => {
    const caller = createProbeCaller(await ctxFor({ userId: ids.owner, platformRole: "NONE" }, { "x-tenant-id": ids.acme }));
    const rows = await caller.visibleMemberships();
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.tenantId === ids.acme)).toBe(true);
  });

  it("refuses a role below the minimum, a non-member, and a missing or malformed tenant header", async () => {
    const staff = { userId: ids.staff, platformRole: "NONE" } as const;
    expect(await codeOf(createProbeCaller(await ctxFor(staff, { "x-tenant-id": ids.acme })).visibleMemberships())).toBe("FORBIDDEN");
    expect(await codeOf(createProbeCaller(await ctxFor(staff, { "x-tenant-id": ids.globex })).visibleMemberships())).toBe("FORBIDDEN");
    expect(await codeOf(createProbeCaller(await ctxFor(staff)).visibleMemberships())).toBe("BAD_REQUEST");
    expect(await codeOf(createProbeCaller(await ctxFor(staff, { "x-tenant-id": "acme" })).visibleMemberships())).toBe("BAD_REQUEST");
    expect(await codeOf(createProbeCaller(await ctxFor(null, { "x-tenant-id": ids.acme })).visibleMemberships())).toBe("UNAUTHORIZED");
  });

  it("rolls back the handler's writes when it fails", async () => {
    const caller = createProbeCaller(await ctxFor({ userId: ids.owner, platformRole: "NONE" }, { "x-tenant-id": ids.acme }));
    expect(await codeOf(caller.renameThenFail())).toBe("INTERNAL_SERVER_ERROR");
    const tenant = await asPlatform(db, (tx) => tx.tenant.findUniqueOrThrow({ where: { id: ids.acme } }));
    expect(tenant.name).toBe("Acme");
  });
});

describe("platformProcedure", () => {
  it("admits OPERATOR and refuses SUPPORT and anonymous callers", async () => {
    expect(await createProbeCaller(await ctxFor({ userId: ids.owner, platformRole: "OPERATOR" })).operatorOnly()).toBe("ok");
    expect(await codeOf(createProbeCaller(await ctxFor({ userId: ids.owner, platformRole: "SUPPORT" })).operatorOnly())).toBe("FORBIDDEN");
    expect(await codeOf(createProbeCaller(await ctxFor(null)).operatorOnly())).toBe("UNAUTHORIZED");
  });
});

describe("tenants.listMine", () => {
  it("lists every tenant of the session's user with the role held there", async () => {
    const mine = await createCaller(await ctxFor({ userId: ids.owner, platformRole: "NONE" })).tenants.listMine();
    expect(mine.map((t) => [t.slug, t.role])).toEqual([
      ["acme", "OWNER"],
      ["globex", "VIEWER"],
    ]);
  });
});
