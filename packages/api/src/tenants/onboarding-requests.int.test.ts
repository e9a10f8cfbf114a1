import { baseEnv } from "@bazaar/config";
import { asPlatform, createDb, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { TRPCError } from "@trpc/server";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "../root";
import { quietLogger } from "../testing/quiet-logger";
import { waitForUrls } from "../testing/wait-for";
import { createTRPCContext } from "../trpc";

// tenants.listMyOnboardingRequests against the real database, through the real router: onboarding
// requests have no tenant (row-level security cannot pin them), so the query's own WHERE is all that keeps
// one user's requests from another.

let database: TestDatabase;
let db: Db;
let redis: Redis;
const logger = quietLogger("onboarding-requests-test");
const u = { seller: "", rival: "", newcomer: "" };
const HOUR = 60 * 60 * 1_000;
/** The seller's current request, started through the API. */
let started: { requestId: string; slug: string; createdAt: Date };

async function caller(userId: string | null) {
  const ctx = await createTRPCContext({ headers: {}, db, redis, logger, rateLimiter: null });
  return createCaller({ ...ctx, session: userId ? { userId, platformRole: "NONE" } : null });
}

async function refusal(promise: Promise<unknown>): Promise<TRPCError> {
  const outcome = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(outcome instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${outcome === null ? "success" : String(outcome)}`);
  return outcome;
}

beforeAll(async () => {
  await waitForUrls(baseEnv().DATABASE_URL, baseEnv().REDIS_URL);
  database = await createTestDatabase(testDatabaseName("api_onboarding_requests"));
  db = createDb({ url: database.url, poolSize: 4 });
  redis = new Redis(baseEnv().REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  await asPlatform(db, async (tx) => {
    for (const key of Object.keys(u) as (keyof typeof u)[]) {
      // Verified: starting an onboarding needs a verified address (docs/decisions/0006).
      u[key] = (await tx.user.create({ data: { email: `${key}@onboarding-requests.test`, name: key, passwordHash: "unused", emailVerifiedAt: new Date() } })).id;
    }
    // Earlier attempts, as the saga leaves them (one request in flight per user, so these are settled).
    const earlier = (hoursAgo: number) => new Date(Date.now() - hoursAgo * HOUR);
    const tenant = await tx.tenant.create({ data: { slug: "first-try", name: "First Try", type: "SELLER_INDIVIDUAL", plan: "FREE" } });
    const store = await tx.store.create({ data: { tenantId: tenant.id, name: "First Try", slug: "first-try" } });
    const done = { tenantId: tenant.id, storeId: store.id, provisionedAt: earlier(3), linkedAt: earlier(3), completedAt: earlier(3) };
    await tx.onboardingRequest.createMany({
      data: [
        { userId: u.seller, name: "First Try", slug: "first-try", type: "SELLER_INDIVIDUAL", plan: "FREE", status: "COMPLETED", createdAt: earlier(3), ...done },
        { userId: u.seller, name: "Taken Name", slug: "taken-name", type: "SELLER_BUSINESS", plan: "PRO", status: "FAILED", failureReason: "slug-taken", createdAt: earlier(2), failedAt: earlier(2) },
        { userId: u.rival, name: "Rival Goods", slug: "rival-goods", type: "MARKETPLACE", plan: "PRO", status: "FAILED", failureReason: "plan-unavailable", createdAt: earlier(1), failedAt: earlier(1) },
      ],
    });
  });
  started = await (await caller(u.seller)).tenants.startOnboarding({ name: "Second Go", type: "SELLER_BUSINESS", plan: "PRO" });
  await (await caller(u.rival)).tenants.startOnboarding({ name: "Rival Again", type: "MARKETPLACE", plan: "FREE" });
});

afterAll(async () => {
  redis?.disconnect();
  await db?.$disconnect();
  if (database) await database.drop();
});

describe("tenants.listMyOnboardingRequests", () => {
  it("lists only the caller's own requests, newest first, with status and failure reason", async () => {
    const mine = await (await caller(u.seller)).tenants.listMyOnboardingRequests();
    expect(mine.map((r) => [r.name, r.status, r.failureReason])).toEqual([
      ["Second Go", "REQUESTED", null],
      ["Taken Name", "FAILED", "slug-taken"],
      ["First Try", "COMPLETED", null],
    ]);
    // Exactly the summary fields: nothing of the request's internals (user, detail, ids of other rows).
    expect(mine[0]).toEqual({ id: started.requestId, name: "Second Go", slug: started.slug, status: "REQUESTED", createdAt: started.createdAt, failureReason: null });

    const rivals = await (await caller(u.rival)).tenants.listMyOnboardingRequests();
    expect(rivals.map((r) => r.name)).toEqual(["Rival Again", "Rival Goods"]);
    expect(await (await caller(u.newcomer)).tenants.listMyOnboardingRequests()).toEqual([]);
  });

  it("returns at most `limit` requests, the newest", async () => {
    const seller = await caller(u.seller);
    expect((await seller.tenants.listMyOnboardingRequests({ limit: 2 })).map((r) => r.name)).toEqual(["Second Go", "Taken Name"]);
    expect((await refusal(seller.tenants.listMyOnboardingRequests({ limit: 0 }))).code).toBe("BAD_REQUEST");
    expect((await refusal(seller.tenants.listMyOnboardingRequests({ limit: 51 }))).code).toBe("BAD_REQUEST");
  });

  it("asks a caller without a session to sign in", async () => {
    expect((await refusal((await caller(null)).tenants.listMyOnboardingRequests())).code).toBe("UNAUTHORIZED");
  });
});
