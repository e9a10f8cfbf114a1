import { randomBytes } from "node:crypto";
import { asPlatform, createDb, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { baseEnv } from "@bazaar/config";
import { notificationsEnv } from "@bazaar/notifications";
import { mailpit } from "@bazaar/notifications/testing";
import { TRPCError } from "@trpc/server";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import { createCaller } from "../root";
import type { Session } from "../session";
import { mailedToken } from "../testing/mail-links";
import { quietLogger } from "../testing/quiet-logger";
import { waitForUrls } from "../testing/wait-for";
import { createTRPCContext } from "../trpc";

// Plans, stores, staff and ops procedures against the real database, through the real router and
// procedure builders (sessions handed to the context: verifying credentials is identity's concern).
// Every refusal is checked to be typed and to change nothing, outbox included.

let database: TestDatabase;
let db: Db;
let redis: Redis;
const logger = quietLogger("tenancy-test");
const mail = mailpit();
const people = ["owner", "admin", "manager", "staff", "viewer", "spare1", "spare2", "spare3", "operator", "otherOwner"] as const;
type Person = (typeof people)[number];
type StaffRole = "ADMIN" | "MANAGER" | "STAFF" | "VIEWER";
// Random per run and counted per world: invitations are mailed to a shared Mailpit, so no message of
// another run (or another test of this one) is ever addressed to a world's people.
const runId = randomBytes(4).toString("hex");
let worlds = 0;

/**
 * A fresh cast for one test: ten verified users, a FREE tenant with one store, a PRO tenant with a full
 * team and no store, and another tenant with a store and custom domain. Every name carries a per-test
 * suffix, so no test sees what another one did and they pass in any order (the file runs shuffled).
 */
async function world() {
  const sfx = `${runId}${++worlds}`;
  const email = (who: Person) => `${who.toLowerCase()}.${sfx}@tenancy.test`;
  const slug = (base: string) => `${base}-${sfx}`;
  const u = {} as Record<Person, string>;
  const t = { free: "", pro: "", other: "" };
  await asPlatform(db, async (tx) => {
    for (const who of people) {
      const user = await tx.user.create({
        data: {
          email: email(who),
          name: `User ${who}`,
          passwordHash: "unused",
          emailVerifiedAt: new Date(),
          platformRole: who === "operator" ? "OPERATOR" : "NONE",
        },
      });
      u[who] = user.id;
    }
    const free = await tx.tenant.create({ data: { slug: slug("free-co"), name: `Free Co ${sfx}`, type: "SELLER_INDIVIDUAL", plan: "FREE" } });
    const pro = await tx.tenant.create({ data: { slug: slug("pro-co"), name: `Pro Co ${sfx}`, type: "SELLER_BUSINESS", plan: "PRO" } });
    const other = await tx.tenant.create({ data: { slug: slug("other-co"), name: `Other Co ${sfx}`, type: "MARKETPLACE", plan: "ENTERPRISE" } });
    Object.assign(t, { free: free.id, pro: pro.id, other: other.id });
    await tx.membership.createMany({
      data: [
        { tenantId: free.id, userId: u.owner, role: "OWNER" },
        { tenantId: pro.id, userId: u.owner, role: "OWNER" },
        { tenantId: pro.id, userId: u.admin, role: "ADMIN" },
        { tenantId: pro.id, userId: u.manager, role: "MANAGER" },
        { tenantId: pro.id, userId: u.staff, role: "STAFF" },
        { tenantId: pro.id, userId: u.viewer, role: "VIEWER" },
        { tenantId: other.id, userId: u.otherOwner, role: "OWNER" },
      ],
    });
    await tx.store.create({ data: { tenantId: free.id, name: "Free Co", slug: slug("free-co") } });
    await tx.store.create({ data: { tenantId: other.id, name: "Other Co", slug: slug("other-co"), customDomain: `shop.other-${sfx}.example` } });
  });

  /** Invites `who`'s address into `tenantId` as `actorId` and accepts it from `who`'s (verified) account. */
  async function join(actorId: string, tenantId: string, who: Person, role: StaffRole, address = email(who)) {
    const sent = (await mail.messagesTo(email(who))).length;
    const invitation = await (await caller(actorId, tenantId)).tenants.inviteStaff({ email: address, role });
    const token = await mailedToken(mail, email(who), "/invitations/accept", sent + 1);
    const accepted = await (await caller(u[who])).tenants.acceptInvitation({ token });
    return { invitation, accepted };
  }

  return { sfx, u, t, email, slug, join };
}

/** A world whose PRO tenant has two stores. */
async function withProStores() {
  const w = await world();
  const owner = await caller(w.u.owner, w.t.pro);
  await owner.stores.create({ name: "Pro One", slug: w.slug("pro-one") });
  await owner.stores.create({ name: "Pro Two", slug: w.slug("pro-two") });
  return w;
}

async function caller(userId: string | null, tenantId?: string, platformRole: Session["platformRole"] = "NONE") {
  const headers: Record<string, string> = tenantId ? { "x-tenant-id": tenantId } : {};
  const ctx = await createTRPCContext({ headers, db, redis, logger, rateLimiter: null });
  return createCaller({ ...ctx, session: userId ? { userId, platformRole } : null });
}

async function refusal(promise: Promise<unknown>): Promise<TRPCError> {
  const outcome = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(outcome instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${outcome === null ? "success" : String(outcome)}`);
  return outcome;
}

/** Everything a refused call must leave untouched. */
const snapshot = () =>
  asPlatform(db, async (tx) => ({
    tenants: await tx.tenant.findMany({ orderBy: { id: "asc" }, select: { id: true, plan: true, status: true } }),
    stores: await tx.store.findMany({ orderBy: { id: "asc" } }),
    memberships: await tx.membership.findMany({ orderBy: { id: "asc" }, select: { tenantId: true, userId: true, role: true } }),
    invitations: await tx.staffInvitation.findMany({ orderBy: { id: "asc" }, select: { id: true, acceptedAt: true, revokedAt: true } }),
    outbox: await tx.outboxEvent.count(),
  }));

const lastEvent = (type: string) =>
  asPlatform(db, (tx) => tx.outboxEvent.findFirst({ where: { type }, orderBy: { position: "desc" }, select: { envelope: true, tenantId: true } }));

beforeAll(async () => {
  await waitForUrls(baseEnv().DATABASE_URL, baseEnv().REDIS_URL, notificationsEnv().SMTP_URL);
  database = await createTestDatabase(testDatabaseName("api_tenancy"));
  db = createDb({ url: database.url, poolSize: 4 });
  redis = new Redis(baseEnv().REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
});

afterAll(async () => {
  redis?.disconnect();
  await db?.$disconnect();
  if (database) await database.drop();
});

// Shuffled on purpose (nested suites inherit it): every test builds its own world, and a test that
// leans on another's leftovers fails.
describe.shuffle("tenancy", () => {
  describe("plans and usage", () => {
    it("lists the plans with limits, commission in basis points and integer prices", async () => {
      const plans = await (await caller(null)).tenants.listPlans();
      expect(plans.map((p) => [p.plan, p.limits.stores, p.commissionBps, p.monthlyPrice.amountMinor])).toEqual([
        ["FREE", 1, 1_500, 0],
        ["PRO", 3, 800, 4_900],
        ["ENTERPRISE", null, 500, 49_900],
      ]);
    });

    it("reports usage against the plan, products counted by the catalog", async () => {
      const { u, t } = await world();
      const usage = await (await caller(u.owner, t.free)).tenants.getUsage();
      expect(usage).toEqual({
        tenantId: t.free,
        plan: "FREE",
        commissionBps: 1_500,
        monthlyPrice: { amountMinor: 0, currency: "USD" },
        usage: {
          stores: { used: 1, limit: 1 },
          products: { used: 0, limit: 50, tracked: true },
          staffSeats: { used: 1, limit: 2 },
        },
      });
    });

    it("refuses a store beyond the plan limit with PRECONDITION_FAILED naming the limit, and changes nothing", async () => {
      const { u, t, slug } = await world();
      const before = await snapshot();
      const error = await refusal((await caller(u.owner, t.free)).stores.create({ name: "Second", slug: slug("free-co-2") }));
      expect(error.code).toBe("PRECONDITION_FAILED");
      expect(error.cause).toBeInstanceOf(DomainError);
      expect((error.cause as DomainError).details.limit).toEqual({ resource: "stores", plan: "FREE", limit: 1, used: 1 });
      expect(await snapshot()).toEqual(before);
    });

    it("refuses a staff seat beyond the plan limit (an open invitation holds its seat), and changes nothing", async () => {
      const { u, t, email } = await world();
      const owner = await caller(u.owner, t.free);
      await owner.tenants.inviteStaff({ email: email("spare1"), role: "STAFF" });
      const before = await snapshot();
      const error = await refusal(owner.tenants.inviteStaff({ email: email("spare2"), role: "STAFF" }));
      expect(error.code).toBe("PRECONDITION_FAILED");
      expect((error.cause as DomainError).details.limit).toEqual({ resource: "staffSeats", plan: "FREE", limit: 2, used: 2 });
      expect(await snapshot()).toEqual(before);
      const token = await mailedToken(mail, email("spare1"), "/invitations/accept");
      expect(await (await caller(u.spare1)).tenants.acceptInvitation({ token })).toMatchObject({ tenantId: t.free, role: "STAFF" });
    });

    it("refuses a downgrade that current usage does not fit, naming every exceeded limit", async () => {
      const { u, t } = await withProStores();
      const owner = await caller(u.owner, t.pro);
      const before = await snapshot();
      const error = await refusal(owner.tenants.changePlan({ plan: "FREE" }));
      expect(error.code).toBe("PRECONDITION_FAILED");
      expect((error.cause as DomainError).details.limits).toEqual([
        { resource: "stores", plan: "FREE", limit: 1, used: 2 },
        { resource: "staffSeats", plan: "FREE", limit: 2, used: 5 },
      ]);
      expect(await snapshot()).toEqual(before);
    });

    it("lets only the OWNER change the plan; a self-serve change applies and is announced, ENTERPRISE is not self-serve", async () => {
      const { u, t } = await world();
      expect((await refusal((await caller(u.admin, t.pro)).tenants.changePlan({ plan: "FREE" }))).code).toBe("FORBIDDEN");
      const before = await snapshot();
      const enterprise = await refusal((await caller(u.owner, t.pro)).tenants.changePlan({ plan: "ENTERPRISE" }));
      expect(enterprise.code).toBe("PRECONDITION_FAILED");
      expect((enterprise.cause as DomainError).details).toMatchObject({ plan: "ENTERPRISE", requiresApproval: true });
      expect(await snapshot()).toEqual(before);
      const result = await (await caller(u.owner, t.free)).tenants.changePlan({ plan: "PRO" });
      expect(result).toMatchObject({ plan: "PRO", changed: true, commissionBps: 800, usage: { stores: { used: 1, limit: 3 } } });
      expect(await lastEvent("tenants.plan.changed")).toMatchObject({
        tenantId: t.free,
        envelope: { payload: { tenantId: t.free, fromPlan: "FREE", toPlan: "PRO", actorId: u.owner } },
      });
      // And back: a downgrade the usage fits (1 store, 1 seat) applies.
      expect(await (await caller(u.owner, t.free)).tenants.changePlan({ plan: "FREE" })).toMatchObject({ plan: "FREE", changed: true });
    });
  });

  describe("stores", () => {
    it("lists only the header tenant's stores", async () => {
      const { u, t, slug } = await withProStores();
      const stores = await (await caller(u.viewer, t.pro)).stores.list();
      expect(stores.map((s) => s.slug)).toEqual([slug("pro-one"), slug("pro-two")]);
    });

    it("updates the theme, lower-casing colours, and announces only what changed", async () => {
      const { u, t } = await withProStores();
      const admin = await caller(u.admin, t.pro);
      const [store] = await admin.stores.list();
      const updated = await admin.stores.update({ storeId: store!.id, theme: { primaryColor: "#1D4ED8", layout: "grid" } });
      expect(updated).toMatchObject({ theme: { primaryColor: "#1d4ed8", layout: "grid" }, customDomain: null });
      expect(await lastEvent("stores.store.updated")).toMatchObject({
        envelope: { payload: { storeId: store!.id, changes: { theme: { primaryColor: "#1d4ed8", layout: "grid" } }, actorId: u.admin } },
      });
    });

    it("refuses a slug another tenant's store holds with CONFLICT, and changes nothing", async () => {
      const { u, t, slug } = await withProStores();
      const admin = await caller(u.admin, t.pro);
      const before = await snapshot();
      // PRO allows a third store, so only the slug stands in the way.
      expect((await refusal(admin.stores.create({ name: "Copy", slug: slug("other-co") }))).code).toBe("CONFLICT");
      expect(await snapshot()).toEqual(before);
    });

    it("refuses malformed input with BAD_REQUEST and zod details, and a store of another tenant with NOT_FOUND", async () => {
      const { u, t } = await world();
      const admin = await caller(u.admin, t.pro);
      const before = await snapshot();
      const bad = await refusal(admin.stores.create({ name: "X", slug: "Not A Slug", theme: { primaryColor: "blue" } as never }));
      expect(bad.code).toBe("BAD_REQUEST");
      const unknownKey = await refusal(admin.stores.update({ storeId: crypto.randomUUID(), theme: { script: "alert(1)" } as never }));
      expect(unknownKey.code).toBe("BAD_REQUEST");
      const otherStore = await asPlatform(db, (tx) => tx.store.findFirstOrThrow({ where: { tenantId: t.other } }));
      expect((await refusal(admin.stores.update({ storeId: otherStore.id, name: "Mine now" }))).code).toBe("NOT_FOUND");
      expect(await snapshot()).toEqual(before);
    });

    it("lets only ADMIN and above create stores", async () => {
      const { u, t, slug } = await world();
      expect((await refusal((await caller(u.manager, t.pro)).stores.create({ name: "M", slug: slug("by-manager") }))).code).toBe("FORBIDDEN");
      expect((await refusal((await caller(u.otherOwner, t.pro)).stores.list())).code).toBe("FORBIDDEN");
    });
  });

  describe("staff and roles", () => {
    it("lists the team with the caller's role and what they may grant", async () => {
      const { u, t, email } = await world();
      const result = await (await caller(u.manager, t.pro)).tenants.listStaff();
      expect(result.yourRole).toBe("MANAGER");
      expect(result.grantableRoles).toEqual(["STAFF", "VIEWER"]);
      expect(result.staff.map((s) => [s.email, s.role])).toEqual([
        [email("owner"), "OWNER"],
        [email("admin"), "ADMIN"],
        [email("manager"), "MANAGER"],
        [email("staff"), "STAFF"],
        [email("viewer"), "VIEWER"],
      ]);
    });

    it("lets an actor grant only roles strictly below their own", async () => {
      const { u, t, email, join } = await world();
      const before = await snapshot();
      for (const [actor, role] of [
        [u.admin, "ADMIN"],
        [u.admin, "OWNER"],
        [u.manager, "MANAGER"],
        [u.owner, "OWNER"],
      ] as const) {
        const error = await refusal((await caller(actor, t.pro)).tenants.inviteStaff({ email: email("spare2"), role }));
        expect(error.code).toBe("FORBIDDEN");
      }
      expect((await refusal((await caller(u.staff, t.pro)).tenants.inviteStaff({ email: email("spare2"), role: "VIEWER" }))).code).toBe("FORBIDDEN");
      expect(await snapshot()).toEqual(before);

      const { invitation, accepted } = await join(u.owner, t.pro, "spare2", "ADMIN", email("spare2").toUpperCase());
      expect(invitation).toMatchObject({ role: "ADMIN", email: email("spare2"), expired: false });
      expect(accepted).toMatchObject({ tenantId: t.pro, role: "ADMIN" });
      expect(await lastEvent("tenants.staff.added")).toMatchObject({ tenantId: t.pro, envelope: { payload: { userId: u.spare2, role: "ADMIN", actorId: u.owner } } });
    });

    it("invites an address with an account and one without alike, and refuses an existing member (CONFLICT)", async () => {
      const { u, t, sfx, email } = await world();
      const owner = await caller(u.owner, t.pro);
      const unknown = `nobody.${sfx}@tenancy.test`;
      const known = await owner.tenants.inviteStaff({ email: email("spare3"), role: "STAFF" });
      const stranger = await owner.tenants.inviteStaff({ email: unknown, role: "STAFF" });
      const shape = (i: typeof known) => ({ ...i, invitationId: typeof i.invitationId, email: "-", createdAt: typeof i.createdAt, expiresAt: typeof i.expiresAt });
      expect(shape(known)).toEqual(shape(stranger));
      expect(await mail.waitForMessages(unknown)).toHaveLength(1);
      expect((await refusal(owner.tenants.inviteStaff({ email: email("staff"), role: "VIEWER" }))).code).toBe("CONFLICT");
      for (const i of [known, stranger]) await owner.tenants.revokeInvitation({ invitationId: i.invitationId });
    });

    it("changes a role only below the actor's, never the actor's own", async () => {
      const { u, t, join } = await world();
      await join(u.owner, t.pro, "spare2", "ADMIN"); // the peer ADMIN
      const before = await snapshot();
      const admin = await caller(u.admin, t.pro);
      expect((await refusal(admin.tenants.changeStaffRole({ userId: u.spare2, role: "MANAGER" }))).code).toBe("FORBIDDEN"); // peer ADMIN
      expect((await refusal(admin.tenants.changeStaffRole({ userId: u.staff, role: "ADMIN" }))).code).toBe("FORBIDDEN"); // grant own level
      expect((await refusal(admin.tenants.changeStaffRole({ userId: u.admin, role: "VIEWER" }))).code).toBe("FORBIDDEN"); // self
      expect((await refusal(admin.tenants.changeStaffRole({ userId: u.otherOwner, role: "VIEWER" }))).code).toBe("NOT_FOUND"); // not a member
      expect(await snapshot()).toEqual(before);

      expect(await admin.tenants.changeStaffRole({ userId: u.staff, role: "MANAGER" })).toEqual({ userId: u.staff, role: "MANAGER", changed: true });
      expect(await lastEvent("tenants.staff.role-changed")).toMatchObject({
        envelope: { payload: { userId: u.staff, fromRole: "STAFF", toRole: "MANAGER", actorId: u.admin } },
      });
    });

    it("removes members below the actor, never the last OWNER", async () => {
      const { u, t } = await world();
      const before = await snapshot();
      expect((await refusal((await caller(u.manager, t.pro)).tenants.removeStaff({ userId: u.admin }))).code).toBe("FORBIDDEN");
      const lastOwner = await refusal((await caller(u.owner, t.pro)).tenants.removeStaff({ userId: u.owner }));
      expect(lastOwner.code).toBe("PRECONDITION_FAILED");
      expect(lastOwner.message).toMatch(/last OWNER/);
      expect(await snapshot()).toEqual(before);

      expect(await (await caller(u.admin, t.pro)).tenants.removeStaff({ userId: u.viewer })).toEqual({ userId: u.viewer, removed: true });
      expect(await lastEvent("tenants.staff.removed")).toMatchObject({ envelope: { payload: { userId: u.viewer, role: "VIEWER", actorId: u.admin } } });
      expect((await refusal((await caller(u.viewer, t.pro)).tenants.listStaff())).code).toBe("FORBIDDEN");
    });
  });

  describe("ops", () => {
    it("lists tenants with plan, usage counts and commission for operators only", async () => {
      const { u, t, sfx, slug } = await withProStores();
      expect((await refusal((await caller(u.owner)).ops.listTenants({}))).code).toBe("FORBIDDEN");
      const operator = await caller(u.operator, undefined, "OPERATOR");
      const { tenants } = await operator.ops.listTenants({ search: sfx });
      expect(tenants.map((x) => [x.slug, x.stores]).sort()).toEqual([
        [slug("free-co"), 1],
        [slug("other-co"), 1],
        [slug("pro-co"), 2],
      ]);
      const page1 = await operator.ops.listTenants({ search: sfx, limit: 2 });
      const page2 = await operator.ops.listTenants({ search: sfx, limit: 2, cursor: page1.nextCursor! });
      expect([...page1.tenants, ...page2.tenants].map((x) => x.id).sort()).toEqual([t.free, t.pro, t.other].sort());
    });

    it("suspends a tenant (audited, storefront hidden, staff changes refused) and reactivates it", async () => {
      const { u, t, slug } = await world();
      const operator = await caller(u.operator, undefined, "OPERATOR");
      expect((await refusal((await caller(u.owner, undefined, "SUPPORT")).ops.suspendTenant({ tenantId: t.free, reason: "policy review" }))).code).toBe("FORBIDDEN");
      expect(await operator.ops.suspendTenant({ tenantId: t.free, reason: "chargebacks, \"fraud\" review" })).toEqual({ tenantId: t.free, status: "SUSPENDED" });
      expect(await lastEvent("tenants.tenant.suspended")).toMatchObject({ tenantId: t.free, envelope: { payload: { actorId: u.operator } } });
      expect((await refusal((await caller(null)).tenants.getBySlug({ slug: slug("free-co") }))).code).toBe("NOT_FOUND");

      const before = await snapshot();
      const owner = await caller(u.owner, t.free);
      const refused = await refusal(owner.stores.update({ storeId: (await owner.stores.list())[0]!.id, name: "Renamed" }));
      expect(refused.code).toBe("PRECONDITION_FAILED");
      expect((await refusal(operator.ops.suspendTenant({ tenantId: t.free, reason: "again" }))).code).toBe("PRECONDITION_FAILED");
      expect(await snapshot()).toEqual(before);

      expect(await operator.ops.reactivateTenant({ tenantId: t.free })).toEqual({ tenantId: t.free, status: "ACTIVE" });
      expect(await (await caller(null)).tenants.getBySlug({ slug: slug("free-co") })).toMatchObject({ id: t.free });
      expect((await refusal(operator.ops.reactivateTenant({ tenantId: crypto.randomUUID() }))).code).toBe("NOT_FOUND");
    });
  });
});
