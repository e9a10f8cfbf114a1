import { asPlatform } from "@bazaar/db";
import { mailpit } from "@bazaar/notifications/testing";
import { createLogger } from "@bazaar/observability";
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailedToken } from "../testing/mail-links";
import { identityConfig } from "./identity.config";
import { tokenDigest } from "./identity.crypto";
import type { IdentityDeps } from "./identity.deps";
import { defaultIdentityNotifier } from "./identity.notifier";
import { startIdentityHarness, trpcErrorOf, uniqueEmail, type IdentityHarness } from "./identity.testing";
import { resetPassword } from "./password-reset.service";

let h: IdentityHarness;
const mail = mailpit();
const PASSWORD = "recovery test password";
const NEW_PASSWORD = "a brand new password";
const RESET_PATH = "/reset-password";

beforeAll(async () => {
  h = await startIdentityHarness("identity_recovery");
});

afterAll(async () => {
  await h?.close();
});

/** The services' dependencies with a clock of the test's choosing. */
function depsAt(now: Date): IdentityDeps {
  return { db: h.db, redis: h.redis, config: identityConfig(), notifier: defaultIdentityNotifier(h.db), logger: createLogger("api", { level: "error" }), clock: () => now };
}

async function register(name: string) {
  const email = uniqueEmail(h.runId, name);
  const { userId } = await (await h.caller()).identity.register({ email, password: PASSWORD, name });
  return { email, userId };
}

async function signIn(email: string, password = PASSWORD) {
  const result = await (await h.caller()).identity.login({ email, password });
  if (result.status !== "authenticated") throw new Error(`expected authenticated, got ${result.status}`);
  return result;
}

/** Asks for a reset link and returns its token (the n-th mail to the address that carries one). */
async function resetToken(email: string): Promise<string> {
  const before = (await mail.messagesTo(email)).length;
  expect(await (await h.caller()).identity.requestPasswordReset({ email })).toEqual({ sent: true });
  return mailedToken(mail, email, RESET_PATH, before + 1);
}

const outboxFor = (type: string, key: string) => h.db.outboxEvent.findMany({ where: { type, key }, orderBy: { position: "asc" } });

describe("requestPasswordReset", () => {
  it("answers the same for an unknown address and mails nothing; a known one gets a link stored only as a hash", async () => {
    const unknown = uniqueEmail(h.runId, "nobody");
    expect(await (await h.caller()).identity.requestPasswordReset({ email: unknown })).toEqual({ sent: true });

    const { email, userId } = await register("hash");
    const token = await resetToken(email);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await h.db.passwordResetToken.findMany({ where: { userId } });
    expect(rows).toEqual([expect.objectContaining({ tokenHash: tokenDigest(token), usedAt: null })]);
    expect(JSON.stringify(rows)).not.toContain(token);
    const [requested] = await outboxFor("identity.password-reset.requested", userId);
    expect(JSON.stringify(requested!.envelope)).not.toContain(token);
    expect(await mail.messagesTo(unknown)).toEqual([]);
  });
});

describe("requestPasswordReset rate limit", () => {
  it("allows a few requests per address asked about, then answers TOO_MANY_REQUESTS from any client address", async () => {
    const email = uniqueEmail(h.runId, "flooded");
    for (let i = 0; i < 3; i++) expect(await (await h.caller()).identity.requestPasswordReset({ email })).toEqual({ sent: true });
    const error = await trpcErrorOf((await h.caller()).identity.requestPasswordReset({ email }));
    expect(error.code).toBe("TOO_MANY_REQUESTS");
  });
});

describe("resetPassword", () => {
  it("sets the password, uses the link up, revokes every session and refresh token, and mails password-changed", async () => {
    const { email, userId } = await register("reset");
    const phone = await signIn(email);
    const laptop = await signIn(email);
    const token = await resetToken(email);

    expect(await (await h.caller()).identity.resetPassword({ token, password: NEW_PASSWORD })).toEqual({ reset: true });

    for (const device of [phone, laptop]) {
      expect((await trpcErrorOf((await h.caller({ bearer: device.accessToken })).identity.listSessions())).code).toBe("UNAUTHORIZED");
      expect((await trpcErrorOf((await h.caller()).identity.refresh({ refreshToken: device.refreshToken }))).code).toBe("UNAUTHORIZED");
    }
    expect(await h.db.refreshToken.count({ where: { userId, revokedAt: null } })).toBe(0);
    expect((await trpcErrorOf((await h.caller()).identity.login({ email, password: PASSWORD }))).code).toBe("UNAUTHORIZED");
    expect((await signIn(email, NEW_PASSWORD)).user.emailVerified).toBe(true);

    // Single use: the same link again is refused and changes nothing.
    const again = await trpcErrorOf((await h.caller()).identity.resetPassword({ token, password: "yet another password" }));
    expect(again.code).toBe("BAD_REQUEST");
    expect((await signIn(email, NEW_PASSWORD)).status).toBe("authenticated");

    const [event] = await outboxFor("identity.password.reset", userId);
    expect(event!.envelope).toMatchObject({ payload: { userId, verifiedEmail: true, revokedSessions: 2 } });
    const revoked = await outboxFor("identity.session.revoked", userId);
    expect(revoked.map((r) => (r.envelope as { payload: { reason: string } }).payload.reason)).toEqual(["password-reset", "password-reset"]);
    const changedMail = (await mail.waitForMessages(email, 3)).find((m) => m.Subject === "Your Bazaar password was changed");
    expect(changedMail?.Text).toContain("/forgot-password");
  });

  it("refuses an expired link (controllable clock) and a link replaced by a newer request", async () => {
    const { email } = await register("expiry");
    const first = await resetToken(email);
    const second = await resetToken(email);
    const refused = await trpcErrorOf((await h.caller()).identity.resetPassword({ token: first, password: NEW_PASSWORD }));
    expect(refused.code).toBe("BAD_REQUEST");

    const row = await h.db.passwordResetToken.findUniqueOrThrow({ where: { tokenHash: tokenDigest(second) } });
    await expect(resetPassword(depsAt(row.expiresAt), { token: second, password: NEW_PASSWORD }, { deviceId: null, ipAddress: null, userAgent: null })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "this reset link is invalid, already used or expired",
    });
    const justBefore = new Date(row.expiresAt.getTime() - 1);
    expect(await resetPassword(depsAt(justBefore), { token: second, password: NEW_PASSWORD }, { deviceId: null, ipAddress: null, userAgent: null })).toEqual({ reset: true });
    expect((await signIn(email, NEW_PASSWORD)).status).toBe("authenticated");
  });
});

describe("an address registered first by someone else (squatter)", () => {
  it("yields the squatter no membership, and the owner recovers the account by reset and then joins", async () => {
    const { email: victim, userId } = await register("victim");
    const squatter = await signIn(victim);
    const squatterApi = await h.caller({ bearer: squatter.accessToken });
    // The squatter locks the door behind them with an authenticator of their own...
    const enrolment = await squatterApi.identity.beginTotpEnrollment();
    const secret = new URL(enrolment.otpauthUrl).searchParams.get("secret")!;
    await squatterApi.identity.confirmTotpEnrollment({ code: await generate({ secret }) });

    // ...and a manager invites the address, meaning its owner.
    const { tenantId, managerId } = await asPlatform(h.db, async (tx) => {
      const tenant = await tx.tenant.create({ data: { slug: `sq-${h.runId}`, name: "Squat Shop", type: "SELLER_BUSINESS", plan: "PRO" } });
      const manager = await tx.user.create({ data: { email: uniqueEmail(h.runId, "manager"), name: "Manager", passwordHash: "unused", emailVerifiedAt: new Date() } });
      await tx.membership.create({ data: { tenantId: tenant.id, userId: manager.id, role: "MANAGER" } });
      // A membership from before invitations existed (or any other way in): the reset must take it away.
      const legacy = await tx.tenant.create({ data: { slug: `legacy-${h.runId}`, name: "Legacy", type: "SELLER_BUSINESS", plan: "PRO" } });
      await tx.membership.create({ data: { tenantId: legacy.id, userId, role: "STAFF" } });
      return { tenantId: tenant.id, managerId: manager.id };
    });
    const manager = await h.caller({ session: { userId: managerId, platformRole: "NONE" }, headers: { "x-tenant-id": tenantId } });
    await manager.tenants.inviteStaff({ email: victim, role: "STAFF" });
    const invitationToken = await mailedToken(mail, victim, "/invitations/accept");

    // Even holding the link, an unverified account cannot accept it.
    const refused = await trpcErrorOf(squatterApi.tenants.acceptInvitation({ token: invitationToken }));
    expect(refused).toMatchObject({ code: "FORBIDDEN", message: "verify your email address first" });
    expect(await asPlatform(h.db, (tx) => tx.membership.count({ where: { userId, tenantId } }))).toBe(0);

    // The owner cannot register the address, but can reset it.
    const taken = await trpcErrorOf((await h.caller()).identity.register({ email: victim, password: NEW_PASSWORD, name: "Real Owner" }));
    expect(taken.code).toBe("CONFLICT");
    const token = await resetToken(victim);
    await (await h.caller()).identity.resetPassword({ token, password: NEW_PASSWORD });

    // A fresh context: the bearer token is checked per request.
    expect((await trpcErrorOf((await h.caller({ bearer: squatter.accessToken })).identity.listSessions())).code).toBe("UNAUTHORIZED");
    const state = await asPlatform(h.db, async (tx) => ({
      user: await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { emailVerifiedAt: true } }),
      factors: await tx.userSecondFactor.count({ where: { userId } }),
      recoveryCodes: await tx.recoveryCode.count({ where: { userId } }),
      memberships: await tx.membership.count({ where: { userId } }),
    }));
    expect(state).toEqual({ user: { emailVerifiedAt: expect.any(Date) }, factors: 0, recoveryCodes: 0, memberships: 0 });
    const [event] = await outboxFor("identity.password.reset", userId);
    expect(event!.envelope).toMatchObject({ payload: { verifiedEmail: true, clearedUnverifiedState: { secondFactors: true, membershipTenantIds: [expect.any(String)] } } });

    // No second factor of the squatter's stands in the way; the invitation meant for the owner is theirs.
    const owner = await signIn(victim, NEW_PASSWORD);
    const accepted = await (await h.caller({ bearer: owner.accessToken })).tenants.acceptInvitation({ token: invitationToken });
    expect(accepted).toMatchObject({ tenantId, role: "STAFF" });
  });
});

describe("changePassword", () => {
  it("needs the current password, keeps this session, revokes the others and mails password-changed", async () => {
    const { email, userId } = await register("change");
    const here = await signIn(email);
    const elsewhere = await signIn(email);
    const api = await h.caller({ bearer: here.accessToken });

    const wrong = await trpcErrorOf(api.identity.changePassword({ currentPassword: "not the password", newPassword: NEW_PASSWORD }));
    expect(wrong.code).toBe("BAD_REQUEST");
    expect((await signIn(email)).status).toBe("authenticated");
    const mailsBefore = (await mail.messagesTo(email)).length;

    expect(await api.identity.changePassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).toEqual({ changed: true, revokedSessions: 2 });
    expect((await trpcErrorOf((await h.caller({ bearer: elsewhere.accessToken })).identity.listSessions())).code).toBe("UNAUTHORIZED");
    expect((await trpcErrorOf((await h.caller()).identity.refresh({ refreshToken: elsewhere.refreshToken }))).code).toBe("UNAUTHORIZED");
    expect((await api.identity.listSessions()).map((s) => s.id)).toEqual([here.sessionId]);
    expect((await trpcErrorOf((await h.caller()).identity.login({ email, password: PASSWORD }))).code).toBe("UNAUTHORIZED");

    const [event] = await outboxFor("identity.password.changed", userId);
    expect(event!.envelope).toMatchObject({ payload: { userId, sessionId: here.sessionId, revokedSessions: 2 } });
    const [newest] = await mail.waitForMessages(email, mailsBefore + 1);
    expect(newest!.Subject).toBe("Your Bazaar password was changed");
  });

  it("refuses without a session", async () => {
    const error = await trpcErrorOf((await h.caller()).identity.changePassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD }));
    expect(error.code).toBe("UNAUTHORIZED");
  });
});
