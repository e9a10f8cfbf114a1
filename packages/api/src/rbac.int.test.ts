import { asPlatform, createDb, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { baseEnv } from "@bazaar/config";
import type { TRPCError, AnyRouter } from "@trpc/server";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "./root";
import { PLATFORM_ROLES, TENANT_ROLES, type PlatformRole, type TenantRole } from "./roles";
import type { ProcedureAccess, ProcedureMeta } from "./security/access";
import type { Session } from "./session";
import { callProcedure } from "./testing/call-procedure";
import { waitForUrls } from "./testing/wait-for";
import { authedProcedure, createTRPCRouter, publicProcedure, tenantProcedure, verifiedProcedure } from "./trpc";

// Walks every procedure of the app router and attacks its guard: no session, a member of another tenant,
// every role below the minimum. A new procedure is covered the moment it is mounted; one without a
// declared access level fails, and so does a new public procedure until it is listed below on purpose.

/** Procedures anyone may call, each reviewed. Adding one here is a security decision: say why. */
const PUBLIC_PROCEDURES: Record<string, string> = {
  "health.ping": "liveness for load balancers and the apps",
  "health.ready": "readiness for load balancers and the apps",
  "tenants.getBySlug": "storefronts resolve an active tenant before anyone signs in",
  "tenants.listPlans": "the plan catalogue (prices, limits) is shown before sign-up",
  "identity.register": "signing up happens before there is a session",
  "identity.verifyEmail": "the link in the email is opened without a session",
  "identity.resendVerification": "asked for before the first sign-in",
  "identity.login": "creates the session",
  "identity.sendSecondFactorCode": "second step of login, authorised by the challenge id",
  "identity.completeSecondFactor": "second step of login, authorised by the challenge id",
  "identity.refresh": "authorised by the refresh token itself",
  "catalog.listCategories": "the platform category tree is the storefront's navigation, shown before sign-in",
  "catalog.getPublishedProduct": "storefront product page; published products of an active tenant's store only",
  "catalog.listPublishedProducts": "storefront listing; published products of an active tenant's store only",
  "identity.requestPasswordReset": "a forgotten password is asked for without a session; same answer for every address, rate limited",
  "identity.resetPassword": "authorised by the single-use token mailed to the address",
  "search.searchProducts": "storefront search; reads only the published products' projection in OpenSearch",
  "search.listByCategory": "storefront category page; published products only, from OpenSearch",
  "search.listByStore": "storefront store page; published products only, from OpenSearch",
  "search.autocomplete": "search box suggestions as the shopper types, before sign-in",
  "search.getProduct": "storefront product page from the Redis read model; published products of active tenants only",
  "reviews.listProductReviews": "product page reviews; published reviews only, without author ids or addresses",
  "reviews.listSellerReviews": "store page reviews; published seller reviews only, without author ids or addresses",
  "reviews.productRating": "product page rating summary (average, count, histogram) from the ratings read model",
  "reviews.sellerRating": "store page rating summary from the ratings read model",
  "stores.resolveHost": "the storefront routes an anonymous shopper's Host header (verified domains only) or store slug to a store",
  "cart.create": "guests shop before signing in; the new cart's secret token authorises every later call",
  "cart.get": "authorised by the cart id and its secret token (or the signed-in owner)",
  "cart.setLine": "authorised by the cart id and its secret token (or the signed-in owner)",
  "cart.setShipping": "authorised by the cart id and its secret token (or the signed-in owner)",
  "cart.setRegion": "authorised by the cart id and its secret token (or the signed-in owner)",
  "cart.applyCoupon": "authorised by the cart id and its secret token (or the signed-in owner)",
  "cart.removeCoupon": "authorised by the cart id and its secret token (or the signed-in owner)",
  "cart.checkCoupon": "coupon dry-run on a cart, authorised by the cart id and its secret token (or the signed-in owner)",
  "checkout.placeOrder": "guest checkout: authorised by the cart id and its secret token (or the signed-in owner)",
  "checkout.orderStatus": "a guest's order status page: authorised by the signed link token (HMAC over the group id), NOT_FOUND otherwise",
};

// The guards' own refusals (trpc.ts); a handler's business FORBIDDEN does not count as the guard.
const GUARD_MESSAGE = /^(sign in required|requires (tenant|platform) role [A-Z]+|verify your email address first)$/;

let database: TestDatabase;
let db: Db;
let redis: Redis;
const fixture = {
  tenantId: "",
  otherTenantId: "",
  /** One user per tenant role in `tenantId`. */
  members: {} as Record<TenantRole, string>,
  /** OWNER of the other tenant only. */
  outsider: "",
  /** One user per platform role (NONE is a plain customer). */
  platform: {} as Record<PlatformRole, string>,
  /** A customer whose email is verified (every other fixture user is not). */
  verified: "",
};

function outcome(router: AnyRouter, path: string, session: Session | null, tenantId?: string): Promise<TRPCError | "ok"> {
  return callProcedure({ router, path, session, tenantId, db, redis });
}

const isGuardRefusal = (r: TRPCError | "ok", code: "UNAUTHORIZED" | "FORBIDDEN") => r !== "ok" && r.code === code && GUARD_MESSAGE.test(r.message);
const describeOutcome = (r: TRPCError | "ok") => (r === "ok" ? "succeeded" : `${r.code}: ${r.message}`);
const user = (userId: string, platformRole: PlatformRole = "NONE"): Session => ({ userId, platformRole });

/** Every way `path` lets in someone it should not; empty when its guard holds. */
async function violationsOf(router: AnyRouter, path: string): Promise<string[]> {
  const procedure = (router._def.procedures as Record<string, { _def: { meta?: ProcedureMeta } }>)[path]!;
  const access: ProcedureAccess | undefined = procedure._def.meta?.access;
  if (!access) return [`${path}: declares no access level (build it from the procedure builders in trpc.ts)`];
  const problems: string[] = [];
  const expectRefusal = async (who: string, session: Session | null, code: "UNAUTHORIZED" | "FORBIDDEN", tenantId?: string) => {
    const r = await outcome(router, path, session, tenantId);
    if (!isGuardRefusal(r, code)) problems.push(`${path}: ${who} expected ${code} from the guard, ${describeOutcome(r)}`);
  };
  const expectAdmitted = async (who: string, session: Session, tenantId?: string) => {
    const r = await outcome(router, path, session, tenantId);
    if (r !== "ok" && (r.code === "UNAUTHORIZED" || GUARD_MESSAGE.test(r.message))) problems.push(`${path}: ${who} should pass the guard, ${describeOutcome(r)}`);
  };

  switch (access.kind) {
    case "public":
      if (!(path in PUBLIC_PROCEDURES)) problems.push(`${path}: public but not in PUBLIC_PROCEDURES (add it with a reason if it is meant to be)`);
      break;
    case "authed":
      await expectRefusal("no session", null, "UNAUTHORIZED");
      break;
    case "verified":
      await expectRefusal("no session", null, "UNAUTHORIZED");
      await expectRefusal("an unverified account", user(fixture.platform.NONE), "FORBIDDEN");
      // An operator's role does not stand in for a verified address.
      await expectRefusal("an unverified operator", user(fixture.platform.OPERATOR, "OPERATOR"), "FORBIDDEN");
      await expectAdmitted("a verified account", user(fixture.verified));
      break;
    case "tenant": {
      await expectRefusal("no session", null, "UNAUTHORIZED", fixture.tenantId);
      await expectRefusal("an OWNER of another tenant", user(fixture.outsider), "FORBIDDEN", fixture.tenantId);
      await expectRefusal("an operator with no membership", user(fixture.platform.OPERATOR, "OPERATOR"), "FORBIDDEN", fixture.tenantId);
      for (const role of TENANT_ROLES.slice(0, TENANT_ROLES.indexOf(access.minRole))) {
        await expectRefusal(`a ${role}`, user(fixture.members[role]), "FORBIDDEN", fixture.tenantId);
      }
      await expectAdmitted(`a ${access.minRole}`, user(fixture.members[access.minRole]), fixture.tenantId);
      break;
    }
    case "platform": {
      await expectRefusal("no session", null, "UNAUTHORIZED");
      await expectRefusal("a tenant OWNER", user(fixture.members.OWNER), "FORBIDDEN");
      for (const role of PLATFORM_ROLES.slice(0, PLATFORM_ROLES.indexOf(access.minRole))) {
        await expectRefusal(`platform role ${role}`, user(fixture.platform[role], role), "FORBIDDEN");
      }
      await expectAdmitted(`platform role ${access.minRole}`, user(fixture.platform[access.minRole], access.minRole));
      break;
    }
  }
  return problems;
}

beforeAll(async () => {
  await waitForUrls(baseEnv().DATABASE_URL, baseEnv().REDIS_URL);
  database = await createTestDatabase(testDatabaseName("api_rbac"));
  db = createDb({ url: database.url, poolSize: 4, applicationName: "rbac-test" });
  redis = new Redis(baseEnv().REDIS_URL, { maxRetriesPerRequest: 1, keyPrefix: `test:rbac:${database.name}:` });
  await asPlatform(db, async (tx) => {
    const newUser = (label: string, platformRole: PlatformRole = "NONE") =>
      tx.user.create({ data: { email: `${label.toLowerCase()}@rbac.test`, name: label, passwordHash: "not-used", platformRole } });
    const tenant = await tx.tenant.create({ data: { slug: "guarded", name: "Guarded", type: "SELLER_BUSINESS" } });
    const other = await tx.tenant.create({ data: { slug: "elsewhere", name: "Elsewhere", type: "MARKETPLACE" } });
    fixture.tenantId = tenant.id;
    fixture.otherTenantId = other.id;
    for (const role of TENANT_ROLES) {
      const member = await newUser(`member-${role}`);
      await tx.membership.create({ data: { tenantId: tenant.id, userId: member.id, role } });
      fixture.members[role] = member.id;
    }
    const outsider = await newUser("outsider");
    await tx.membership.create({ data: { tenantId: other.id, userId: outsider.id, role: "OWNER" } });
    fixture.outsider = outsider.id;
    for (const role of PLATFORM_ROLES) fixture.platform[role] = (await newUser(`platform-${role}`, role)).id;
    fixture.verified = (await tx.user.create({ data: { email: "verified@rbac.test", name: "Verified", passwordHash: "not-used", emailVerifiedAt: new Date() } })).id;
  });
});

afterAll(async () => {
  redis?.disconnect();
  await db?.$disconnect();
  await database?.drop();
});

describe("RBAC: every procedure of the app router", () => {
  const paths = Object.keys(appRouter._def.procedures).sort();

  it("finds the routers' procedures", () => {
    expect(paths.length).toBeGreaterThan(10);
    expect(paths).toContain("identity.decideFlag");
  });

  it("declares an access level and refuses everyone below it", async () => {
    const problems: string[] = [];
    for (const path of paths) problems.push(...(await violationsOf(appRouter, path)));
    expect(problems).toEqual([]);
  });

  it("has no stale entries in PUBLIC_PROCEDURES", () => {
    expect(Object.keys(PUBLIC_PROCEDURES).filter((p) => !paths.includes(p))).toEqual([]);
  });
});

describe("the walker itself", () => {
  // Procedures that are wrong on purpose, to prove each kind of mistake is caught.
  const flawed = createTRPCRouter({
    undeclared: publicProcedure.meta({ access: undefined }).query(() => "anyone"),
    forgotGuard: publicProcedure.meta({ access: { kind: "tenant", minRole: "ADMIN" } }).query(() => "anyone"),
    sneakyPublic: publicProcedure.query(() => "anyone"),
    guarded: tenantProcedure("MANAGER").query(() => "managers"),
    unverifiedLetIn: authedProcedure.meta({ access: { kind: "verified" } }).query(() => "any signed-in account"),
    verifiedOnly: verifiedProcedure.query(() => "verified accounts"),
  });

  it("reports undeclared, unguarded and unlisted public procedures, and passes a guarded one", async () => {
    expect(await violationsOf(flawed, "undeclared")).toEqual(["undeclared: declares no access level (build it from the procedure builders in trpc.ts)"]);
    const forgot = await violationsOf(flawed, "forgotGuard");
    expect(forgot.some((p) => p.includes("no session expected UNAUTHORIZED"))).toBe(true);
    expect(forgot.some((p) => p.includes("an OWNER of another tenant expected FORBIDDEN"))).toBe(true);
    expect(forgot.some((p) => p.includes("a VIEWER expected FORBIDDEN"))).toBe(true);
    expect(await violationsOf(flawed, "sneakyPublic")).toEqual([
      "sneakyPublic: public but not in PUBLIC_PROCEDURES (add it with a reason if it is meant to be)",
    ]);
    expect(await violationsOf(flawed, "guarded")).toEqual([]);
    expect(await violationsOf(flawed, "unverifiedLetIn")).toEqual([
      "unverifiedLetIn: an unverified account expected FORBIDDEN from the guard, succeeded",
      "unverifiedLetIn: an unverified operator expected FORBIDDEN from the guard, succeeded",
    ]);
    expect(await violationsOf(flawed, "verifiedOnly")).toEqual([]);
  });
});
