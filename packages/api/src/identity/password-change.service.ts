import { asUser } from "@bazaar/db";
import { enqueue } from "@bazaar/events";
import { DomainError } from "../errors";
import type { IdentityDeps } from "./identity.deps";
import { hashPassword, verifyPassword } from "./password";
import { forgotPasswordUrl } from "./password-reset.service";
import { markSessionsRevoked, revokeSessionsInTx, type ClientInfo } from "./sessions.service";

/**
 * Changes the signed-in user's password. The current one is required (a session left open on a shared
 * machine is not enough to take the account over); every other session is revoked and this one kept, so
 * whoever else was signed in is out; unused reset links die; a `password-changed` mail goes out.
 */
export async function changePassword(
  deps: IdentityDeps,
  session: { userId: string; sessionId?: string | undefined },
  input: { currentPassword: string; newPassword: string },
  client: ClientInfo,
): Promise<{ changed: true; revokedSessions: number }> {
  const user = await asUser(deps.db, session.userId, (tx) => tx.user.findUnique({ where: { id: session.userId }, select: { id: true, email: true, name: true, passwordHash: true } }));
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new DomainError("BAD_REQUEST", "the current password is wrong", { field: "currentPassword" });
  }
  const passwordHash = await hashPassword(input.newPassword);
  const now = deps.clock();
  const outcome = await asUser(deps.db, user.id, async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    await tx.passwordResetToken.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: now } });
    const revoked = await revokeSessionsInTx(
      tx,
      { userId: user.id, ...(session.sessionId ? { exceptSessionId: session.sessionId } : {}) },
      "password-changed",
    );
    const event = await enqueue(tx, {
      type: "identity.password.changed",
      version: 1,
      tenantId: null,
      aggregateId: user.id,
      payload: { userId: user.id, sessionId: session.sessionId ?? null, revokedSessions: revoked.length },
    });
    return { eventId: event.id, revokedSessionIds: revoked.map((r) => r.sessionId) };
  });
  await markSessionsRevoked(deps.redis, outcome.revokedSessionIds);
  await deps.notifier
    .passwordChanged({
      changeId: outcome.eventId,
      email: user.email,
      name: user.name,
      changedAt: now,
      ipAddress: client.ipAddress,
      supportUrl: forgotPasswordUrl(deps.config.webOrigin),
    })
    .catch((error: unknown) => deps.logger.warn("password-changed email not sent", { userId: user.id, error }));
  return { changed: true, revokedSessions: outcome.revokedSessionIds.length };
}
