import { asPlatform, createDb, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { baseEnv } from "@bazaar/config";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trpcErrorOf } from "../identity/identity.testing";
import { createCaller } from "../root";
import type { Session } from "../session";
import { quietLogger } from "../testing/quiet-logger";
import { waitForUrls } from "../testing/wait-for";
import { createTRPCContext } from "../trpc";

// ENTERPRISE is not self-serve: the owner asks, an operator decides, and only an approval changes the
// plan. Through the real router, procedure builders and row-level security.

let database: TestDatabase;
let db: Db;
let redis: Redis;
const logger = quietLogger("plan-approval-test");
const u = { owner: "", admin: "", otherOwner: "", operator: "", operator2: "" };
const t = { shop: "", other: "" };

async function caller(userId: string, tenantId?: string, platformRole: Session["platformRole"] = "NONE") {
  const ctx = await createTRPCContext({ headers: tenantId ? { "x-tenant-id": tenantId } : {}, db, redis, logger, rateLimiter: null });
  return createCaller({ ...ctx, session: { userId, platformRole } });
}
const operator = (who: "operator" | "operator2" = "operator") => caller(u[who], undefined, "OPERATOR");
const planOf = (tenantId: string) => asPlatform(db, async (tx) => (await tx.tenant.findUniqueOrThrow({ where: { id: tenantId } })).plan);
const events = (type: string, tenantId: string) =>
  asPlatform(db, (tx) => tx.outboxEvent.findMany({ where: { type, tenantId }, orderBy: { position: "asc" }, select: { envelope: true } }));

beforeAll(async () => {
  await waitForUrls(baseEnv().DATABASE_URL, baseEnv().REDIS_URL);
  database = await createTestDatabase(testDatabaseName("api_plan_approval"));
  db = createDb({ url: database.url, poolSize: 4 });
  redis = new Redis(baseEnv().REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  await asPlatform(db, async (tx) => {
    for (const key of Object.keys(u) as (keyof typeof u)[]) {
      const platformRole = key.startsWith("operator") ? "OPERATOR" : "NONE";
      u[key] = (await tx.user.create({ data: { email: `${key.toLowerCase()}@plan-approval.test`, name: key, passwordHash: "unused", platformRole } })).id;
    }
    const shop = await tx.tenant.create({ data: { slug: "big-shop", name: "Big Shop", type: "SELLER_BUSINESS", plan: "PRO" } });
    const other = await tx.tenant.create({ data: { slug: "other-shop", name: "Other Shop", type: "MARKETPLACE", plan: "FREE" } });
    Object.assign(t, { shop: shop.id, other: other.id });
    await tx.membership.createMany({
      data: [
        { tenantId: shop.id, userId: u.owner, role: "OWNER" },
        { tenantId: shop.id, userId: u.admin, role: "ADMIN" },
        { tenantId: other.id, userId: u.otherOwner, role: "OWNER" },
      ],
    });
  });
});

afterAll(async () => {
  redis?.disconnect();
  await db?.$disconnect();
  if (database) await database.drop();
});

describe("plan approvals", () => {
  it("does not offer ENTERPRISE as self-serve", async () => {
    const plans = await (await caller(u.owner)).tenants.listPlans();
    expect(plans.filter((p) => p.selfServe).map((p) => p.plan)).toEqual(["FREE", "PRO"]);
  });

  it("records the owner's request without changing the plan; one pending at a time, owners only, approvals only for plans that need one", async () => {
    const owner = await caller(u.owner, t.shop);
    const request = await owner.tenants.requestPlanApproval({ plan: "ENTERPRISE", note: "  about 40 stores\r\nnext quarter " });
    expect(request).toMatchObject({ tenantId: t.shop, plan: "ENTERPRISE", status: "PENDING", requestedBy: u.owner, note: "about 40 stores\nnext quarter" });
    expect(await planOf(t.shop)).toBe("PRO");
    expect((await events("tenants.plan-approval.requested", t.shop)).map((e) => e.envelope)).toEqual([
      expect.objectContaining({ payload: { tenantId: t.shop, approvalId: request.id, plan: "ENTERPRISE", actorId: u.owner } }),
    ]);
    expect((await trpcErrorOf(owner.tenants.requestPlanApproval({ plan: "ENTERPRISE" }))).code).toBe("CONFLICT");
    expect((await trpcErrorOf(owner.tenants.requestPlanApproval({ plan: "FREE" }))).code).toBe("BAD_REQUEST");
    expect((await trpcErrorOf((await caller(u.admin, t.shop)).tenants.requestPlanApproval({ plan: "ENTERPRISE" }))).code).toBe("FORBIDDEN");
    // Each tenant sees its own requests only.
    expect((await owner.tenants.listPlanApprovals()).map((a) => a.id)).toEqual([request.id]);
    expect(await (await caller(u.otherOwner, t.other)).tenants.listPlanApprovals()).toEqual([]);
  });

  it("applies the plan when an operator approves, as that operator, and closes the request once", async () => {
    const [pending] = (await (await operator()).ops.listPlanApprovals({ status: "PENDING" })).approvals;
    expect(pending).toMatchObject({ tenantId: t.shop, plan: "ENTERPRISE" });
    // Two operators decide at once: exactly one decision holds.
    const outcomes = await Promise.allSettled([
      (await operator("operator")).ops.decidePlanApproval({ approvalId: pending!.id, decision: "approve", note: "contract signed" }),
      (await operator("operator2")).ops.decidePlanApproval({ approvalId: pending!.id, decision: "reject" }),
    ]);
    const won = outcomes.filter((o) => o.status === "fulfilled");
    expect(won).toHaveLength(1);
    const lost = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect((lost.reason as { code: string }).code).toBe("PRECONDITION_FAILED");
    const decided = (won[0] as PromiseFulfilledResult<{ status: string; decidedBy: string | null }>).value;
    expect(await planOf(t.shop)).toBe(decided.status === "APPROVED" ? "ENTERPRISE" : "PRO");
    expect(await events("tenants.plan-approval.decided", t.shop)).toHaveLength(1);
    expect((await events("tenants.plan.changed", t.shop)).length).toBe(decided.status === "APPROVED" ? 1 : 0);
    if (decided.status === "APPROVED") {
      expect((await events("tenants.plan.changed", t.shop))[0]!.envelope).toMatchObject({ payload: { fromPlan: "PRO", toPlan: "ENTERPRISE", actorId: u.operator } });
    }
  });

  it("leaves the plan alone when an operator rejects, and only operators decide", async () => {
    const request = await (await caller(u.otherOwner, t.other)).tenants.requestPlanApproval({ plan: "ENTERPRISE" });
    expect((await trpcErrorOf((await caller(u.otherOwner)).ops.decidePlanApproval({ approvalId: request.id, decision: "approve" }))).code).toBe("FORBIDDEN");
    const rejected = await (await operator()).ops.decidePlanApproval({ approvalId: request.id, decision: "reject", note: "no agreement yet" });
    expect(rejected).toMatchObject({ status: "REJECTED", decidedBy: u.operator, decisionNote: "no agreement yet" });
    expect(await planOf(t.other)).toBe("FREE");
    expect((await trpcErrorOf((await operator()).ops.decidePlanApproval({ approvalId: request.id, decision: "approve" }))).code).toBe("PRECONDITION_FAILED");
    expect((await trpcErrorOf((await operator()).ops.decidePlanApproval({ approvalId: "0d1c2b3a-4f5e-4d6c-8b7a-9f8e7d6c5b4a", decision: "approve" }))).code).toBe("NOT_FOUND");
  });
});
