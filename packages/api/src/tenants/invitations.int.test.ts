import { randomBytes } from "node:crypto";
import { asPlatform, createDb, withTenant, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { baseEnv } from "@bazaar/config";
import { notificationsEnv } from "@bazaar/notifications";
import { mailpit } from "@bazaar/notifications/testing";
import { TRPCError } from "@trpc/server";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DomainError } from "../errors";
import { createCaller } from "../root";
import { mailedToken } from "../testing/mail-links";
import { quietLogger } from "../testing/quiet-logger";
import { waitForUrls } from "../testing/wait-for";
import { createTRPCContext } from "../trpc";
import { acceptInvitation } from "./invitations.service";

// Staff invitations through the real router: who may accept (a signed-in, verified account whose email is
// the invited address), single use, expiry, revocation and replacement, and the same answer whether or
// not the invited address has an account.

let database: TestDatabase;
let db: Db;
let redis: Redis;
const logger = quietLogger("invitations-test");
const mail = mailpit();
const runId = randomBytes(4).toString("hex");
const ACCEPT_PATH = "/invitations/accept";
const addressOf = (name: string) => `${name}.${runId}@invitations.test`;
const u = { owner: "", manager: "", verified: "", unverified: "", other: "" };
let tenantId = "";

async function caller(userId: string | null, tenant?: string) {
  const ctx = await createTRPCContext({ headers: tenant ? { "x-tenant-id": tenant } : {}, db, redis, logger, rateLimiter: null });
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

/** Invites `email` as the manager and returns the invitation with the token from its mail. */
async function invite(email: string, role: "STAFF" | "VIEWER" = "STAFF") {
  const before = (await mail.messagesTo(email)).length;
  const invitation = await (await caller(u.manager, tenantId)).tenants.inviteStaff({ email, role });
  return { invitation, token: await mailedToken(mail, email, ACCEPT_PATH, before + 1) };
}

const memberships = () => asPlatform(db, (tx) => tx.membership.findMany({ where: { tenantId }, select: { userId: true, role: true } }));

beforeAll(async () => {
  await waitForUrls(baseEnv().DATABASE_URL, baseEnv().REDIS_URL, notificationsEnv().SMTP_URL);
  database = await createTestDatabase(testDatabaseName("api_invitations"));
  db = createDb({ url: database.url, poolSize: 4 });
  redis = new Redis(baseEnv().REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  await asPlatform(db, async (tx) => {
    for (const key of Object.keys(u) as (keyof typeof u)[]) {
      const verifiedAt = key === "unverified" ? null : new Date();
      u[key] = (await tx.user.create({ data: { email: addressOf(key), name: `User ${key}`, passwordHash: "unused", emailVerifiedAt: verifiedAt } })).id;
    }
    const tenant = await tx.tenant.create({ data: { slug: `inv-${runId}`, name: "Invite Co", type: "SELLER_BUSINESS", plan: "PRO" } });
    tenantId = tenant.id;
    await tx.membership.createMany({
      data: [
        { tenantId, userId: u.owner, role: "OWNER" },
        { tenantId, userId: u.manager, role: "MANAGER" },
      ],
    });
  });
});

afterAll(async () => {
  redis?.disconnect();
  await db?.$disconnect();
  if (database) await database.drop();
});

describe("inviteStaff", () => {
  it("answers identically for an address with an account and one without, and mails both", async () => {
    const withAccount = await invite(addressOf("other"), "VIEWER");
    const withoutAccount = await invite(addressOf("stranger"), "VIEWER");
    const strip = ({ invitationId, email, createdAt, expiresAt, ...rest }: typeof withAccount.invitation) => ({
      ...rest,
      ids: [typeof invitationId, typeof email, createdAt instanceof Date, expiresAt.getTime() - createdAt.getTime()],
    });
    expect(strip(withAccount.invitation)).toEqual(strip(withoutAccount.invitation));
    expect(Object.keys(withAccount.invitation).sort()).toEqual(Object.keys(withoutAccount.invitation).sort());
    const [message] = await mail.waitForMessages(addressOf("stranger"));
    expect(message!.Subject).toBe("User manager invited you to Invite Co on Bazaar");
    // The inviter sees the invitation, never its token; the row keeps only a hash.
    const rows = await asPlatform(db, (tx) => tx.staffInvitation.findMany({ where: { tenantId } }));
    expect(JSON.stringify({ rows, withAccount: withAccount.invitation })).not.toContain(withAccount.token);
    const listed = await (await caller(u.manager, tenantId)).tenants.listInvitations();
    expect(listed.invitations.map((i) => i.email).sort()).toEqual([addressOf("other"), addressOf("stranger")].sort());
    for (const { invitation } of [withAccount, withoutAccount]) {
      await (await caller(u.manager, tenantId)).tenants.revokeInvitation({ invitationId: invitation.invitationId });
    }
  });

  it("replaces an open invitation to the same address: the first link stops working", async () => {
    const first = await invite(addressOf("verified"));
    const second = await invite(addressOf("verified"));
    expect(second.invitation.invitationId).not.toBe(first.invitation.invitationId);
    expect((await refusal((await caller(u.verified)).tenants.acceptInvitation({ token: first.token }))).code).toBe("NOT_FOUND");
    const events = await asPlatform(db, (tx) => tx.outboxEvent.findMany({ where: { type: "tenants.invitation.created", tenantId }, orderBy: { position: "desc" }, take: 1 }));
    expect(events[0]!.envelope).toMatchObject({ payload: { invitationId: second.invitation.invitationId, replacedInvitationId: first.invitation.invitationId } });
    await (await caller(u.manager, tenantId)).tenants.revokeInvitation({ invitationId: second.invitation.invitationId });
  });

  it("lets a MANAGER revoke only invitations below their role", async () => {
    const { invitation, token } = await invite(addressOf("verified"));
    expect((await refusal((await caller(u.manager, tenantId)).tenants.inviteStaff({ email: addressOf("x"), role: "MANAGER" }))).code).toBe("FORBIDDEN");
    expect(await (await caller(u.manager, tenantId)).tenants.revokeInvitation({ invitationId: invitation.invitationId })).toEqual({
      invitationId: invitation.invitationId,
      revoked: true,
    });
    expect((await refusal((await caller(u.manager, tenantId)).tenants.revokeInvitation({ invitationId: invitation.invitationId }))).code).toBe("NOT_FOUND");
    expect((await refusal((await caller(u.verified)).tenants.acceptInvitation({ token }))).code).toBe("NOT_FOUND");
  });
});

describe("acceptInvitation", () => {
  it("requires a session, a verified address, and the invited address", async () => {
    const { token } = await invite(addressOf("unverified"));
    const before = await memberships();
    expect((await refusal((await caller(null)).tenants.acceptInvitation({ token }))).code).toBe("UNAUTHORIZED");
    const unverified = await refusal((await caller(u.unverified)).tenants.acceptInvitation({ token }));
    expect(unverified.code).toBe("FORBIDDEN");
    expect((unverified.cause as DomainError).details).toEqual({ reason: "email-not-verified" });
    const wrongPerson = await refusal((await caller(u.other)).tenants.acceptInvitation({ token }));
    expect(wrongPerson.code).toBe("FORBIDDEN");
    expect((wrongPerson.cause as DomainError).details).toEqual({ reason: "email-mismatch" });
    expect(await memberships()).toEqual(before);

    // Verifying the address is what lets the same account in.
    await asPlatform(db, (tx) => tx.user.update({ where: { id: u.unverified }, data: { emailVerifiedAt: new Date() } }));
    expect(await (await caller(u.unverified)).tenants.acceptInvitation({ token })).toMatchObject({ tenantId, role: "STAFF", tenantName: "Invite Co" });
    expect(await memberships()).toContainEqual({ userId: u.unverified, role: "STAFF" });
    // Single use.
    expect((await refusal((await caller(u.unverified)).tenants.acceptInvitation({ token }))).code).toBe("NOT_FOUND");
    const accepted = await asPlatform(db, (tx) => tx.outboxEvent.findMany({ where: { tenantId, type: { in: ["tenants.invitation.accepted", "tenants.staff.added"] } } }));
    expect(accepted.map((e) => e.type).sort()).toEqual(["tenants.invitation.accepted", "tenants.staff.added"]);
  });

  it("refuses an expired invitation (controllable clock) and an unknown token alike", async () => {
    const { invitation, token } = await invite(addressOf("verified"));
    await expect(acceptInvitation(db, u.verified, token, invitation.expiresAt)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const unknown = await refusal((await caller(u.verified)).tenants.acceptInvitation({ token: randomBytes(32).toString("base64url") }));
    expect(unknown.code).toBe("NOT_FOUND");
    const justBefore = new Date(invitation.expiresAt.getTime() - 1);
    expect(await acceptInvitation(db, u.verified, token, justBefore)).toMatchObject({ tenantId, role: "STAFF" });
  });

  it("re-checks the seat under the tenant lock when accepting", async () => {
    const { token } = await invite(addressOf("other"));
    // A downgrade to FREE (2 seats) after the invitation left no room for it.
    await asPlatform(db, (tx) => tx.tenant.update({ where: { id: tenantId }, data: { plan: "FREE" } }));
    const error = await refusal((await caller(u.other)).tenants.acceptInvitation({ token }));
    expect(error.code).toBe("PRECONDITION_FAILED");
    expect((error.cause as DomainError).details.limit).toMatchObject({ resource: "staffSeats", plan: "FREE", limit: 2 });
    expect(await memberships()).not.toContainEqual(expect.objectContaining({ userId: u.other }));
    await asPlatform(db, (tx) => tx.tenant.update({ where: { id: tenantId }, data: { plan: "PRO" } }));
  });
});

describe("staff_invitations at the data layer", () => {
  it("answers only in its tenant's context (RLS) and is never deleted by the application role", async () => {
    const otherTenant = await asPlatform(db, (tx) => tx.tenant.create({ data: { slug: `rls-${runId}`, name: "Elsewhere", type: "MARKETPLACE" } }));
    const own = await withTenant(db, tenantId, (tx) => tx.staffInvitation.count());
    expect(own).toBeGreaterThan(0);
    expect(await withTenant(db, otherTenant.id, (tx) => tx.staffInvitation.count())).toBe(0);
    await expect(asPlatform(db, (tx) => tx.$executeRaw`DELETE FROM staff_invitations`)).rejects.toThrow(/permission denied/);
  });
});
