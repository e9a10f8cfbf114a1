import { asPlatform, asUser, type Tx } from "@bazaar/db";
import { enqueue } from "@bazaar/events";
import { DomainError } from "../errors";
import { IDENTITY_LIMITS } from "./identity.config";
import { randomToken, tokenDigest } from "./identity.crypto";
import type { IdentityDeps } from "./identity.deps";
import { hashPassword } from "./password";
import { markSessionsRevoked, revokeSessionsInTx, type ClientInfo } from "./sessions.service";

// Password recovery by email. A reset proves the caller reads the account's mailbox, which is exactly
// what email verification proves, so it also verifies the address. An account whose address nobody had
// proved yet may have been registered by someone else first (a squatter): the reset hands it to the
// mailbox's owner and drops what the squatter could have set up (sessions, second factors, memberships).
// See docs/decisions/0006-unverified-accounts-and-recovery.md.

const INVALID_LINK = "this reset link is invalid, already used or expired";

const clock = (deps: IdentityDeps) => deps.clock();

/** Where the storefront's "forgot password" page lives: the mails point at it. */
export function forgotPasswordUrl(webOrigin: string): string {
  return new URL("/forgot-password", webOrigin).toString();
}

/**
 * Mails a single-use reset link to the address when it names an active account; does nothing otherwise.
 * The caller answers the same either way. A new request replaces the user's unused links.
 */
export async function requestPasswordReset(deps: IdentityDeps, email: string, client: ClientInfo): Promise<void> {
  // Platform escape: the address is all the caller gives (packages/db/README.md).
  const user = await asPlatform(deps.db, (tx) => tx.user.findUnique({ where: { email }, select: { id: true, email: true, name: true, status: true, deletedAt: true } }));
  if (!user || user.deletedAt || user.status !== "ACTIVE") return;
  const now = clock(deps);
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + IDENTITY_LIMITS.passwordResetSeconds * 1000);
  // The account is known by now: the token is written as that user, not the platform.
  const tokenId = await asUser(deps.db, user.id, async (tx) => {
    await tx.passwordResetToken.deleteMany({ where: { userId: user.id, usedAt: null } });
    const row = await tx.passwordResetToken.create({ data: { userId: user.id, tokenHash: tokenDigest(token), expiresAt, createdAt: now }, select: { id: true } });
    await enqueue(tx, {
      type: "identity.password-reset.requested",
      version: 1,
      tenantId: null,
      aggregateId: user.id,
      payload: { userId: user.id, tokenId: row.id, expiresAt: expiresAt.toISOString(), ipAddress: client.ipAddress },
    });
    return row.id;
  });
  const url = new URL("/reset-password", deps.config.webOrigin);
  url.searchParams.set("token", token);
  await deps.notifier
    .passwordReset({ tokenId, email: user.email, name: user.name, resetUrl: url.toString(), expiresInMinutes: IDENTITY_LIMITS.passwordResetSeconds / 60 })
    .catch((error: unknown) => {
      // The link exists either way; the user can ask again (which replaces it).
      deps.logger.warn("password reset email not sent", { userId: user.id, error });
    });
}

interface ResetOutcome {
  userId: string;
  email: string;
  name: string;
  eventId: string;
  revokedSessionIds: string[];
}

/**
 * What an account whose address was never proved loses when the address's owner takes it over: second
 * factors (a squatter's TOTP would lock the owner out) and memberships (announced as staff removals).
 */
async function clearUnverifiedState(tx: Tx, userId: string): Promise<{ secondFactors: boolean; membershipTenantIds: string[] }> {
  const factors = await tx.userSecondFactor.deleteMany({ where: { userId } });
  const codes = await tx.recoveryCode.deleteMany({ where: { userId } });
  const memberships = await tx.membership.findMany({ where: { userId }, select: { id: true, tenantId: true, role: true } });
  for (const m of memberships) {
    await tx.membership.delete({ where: { id: m.id } });
    await enqueue(tx, {
      type: "tenants.staff.removed",
      version: 1,
      tenantId: m.tenantId,
      aggregateId: m.tenantId,
      payload: { tenantId: m.tenantId, userId, role: m.role, actorId: userId },
    });
  }
  return { secondFactors: factors.count + codes.count > 0, membershipTenantIds: memberships.map((m) => m.tenantId) };
}

/**
 * Sets the password from a reset link: the link is used up, every other link of the user dies, every
 * session and refresh token is revoked, the address counts as verified, and a `password-changed` mail
 * goes out. Platform context: memberships of an unverified account may sit in any tenant.
 */
export async function resetPassword(deps: IdentityDeps, input: { token: string; password: string }, client: ClientInfo): Promise<{ reset: true }> {
  const now = clock(deps);
  // Hashing first keeps the slow part out of the transaction (and costs a wrong token the same time).
  const passwordHash = await hashPassword(input.password);
  const outcome = await asPlatform(deps.db, async (tx): Promise<ResetOutcome | null> => {
    const row = await tx.passwordResetToken.findUnique({ where: { tokenHash: tokenDigest(input.token) } });
    if (!row || row.usedAt || row.expiresAt <= now) return null;
    // The conditional UPDATE decides between two uses of one link racing each other.
    const claimed = await tx.passwordResetToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
    if (claimed.count !== 1) return null;
    const user = await tx.user.findUnique({ where: { id: row.userId }, select: { id: true, email: true, name: true, status: true, deletedAt: true, emailVerifiedAt: true } });
    if (!user || user.deletedAt || user.status === "DELETED") return null;
    // An operator's lock is not lifted by whoever reads the mailbox.
    if (user.status === "LOCKED") throw new DomainError("FORBIDDEN", "this account is locked; contact support");
    const wasVerified = user.emailVerifiedAt !== null;
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? now } });
    await tx.passwordResetToken.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: now } });
    const cleared = wasVerified ? { secondFactors: false, membershipTenantIds: [] } : await clearUnverifiedState(tx, user.id);
    const revoked = await revokeSessionsInTx(tx, { userId: user.id }, "password-reset");
    await tx.refreshToken.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: now } });
    const event = await enqueue(tx, {
      type: "identity.password.reset",
      version: 1,
      tenantId: null,
      aggregateId: user.id,
      payload: { userId: user.id, tokenId: row.id, verifiedEmail: !wasVerified, revokedSessions: revoked.length, clearedUnverifiedState: cleared },
    });
    return { userId: user.id, email: user.email, name: user.name, eventId: event.id, revokedSessionIds: revoked.map((r) => r.sessionId) };
  });
  if (!outcome) throw new DomainError("BAD_REQUEST", INVALID_LINK, { field: "token" });
  await markSessionsRevoked(deps.redis, outcome.revokedSessionIds);
  await deps.notifier
    .passwordChanged({
      changeId: outcome.eventId,
      email: outcome.email,
      name: outcome.name,
      changedAt: now,
      ipAddress: client.ipAddress,
      supportUrl: forgotPasswordUrl(deps.config.webOrigin),
    })
    .catch((error: unknown) => deps.logger.warn("password-changed email not sent", { userId: outcome.userId, error }));
  return { reset: true };
}
