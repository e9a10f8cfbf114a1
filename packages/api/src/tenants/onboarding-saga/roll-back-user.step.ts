import type { Tx } from "@bazaar/db";
import { causedBy, enqueue, type EventOf } from "@bazaar/events";
import { revokeSessionsInTx } from "../../identity/sessions.service";

export type RollbackOutcome =
  | { kind: "rolled-back"; softDeleted: boolean; revokedSessionIds: string[] }
  | { kind: "skipped"; status: string };

/**
 * Compensation (user-rollback, on `tenants.provisioning.failed`, platform context): the request becomes
 * FAILED and, if its account was created for this onboarding and still belongs to no tenant, the user is
 * soft-deleted (status DELETED, deletedAt) and every session and refresh token revoked. Emits
 * `identity.user.rolled-back` either way, so the saga's end is on record. The caller marks the revoked
 * sessions in the session cache once this commits.
 */
export async function rollBackUserStep(tx: Tx, event: EventOf<"tenants.provisioning.failed">): Promise<RollbackOutcome> {
  const p = event.payload;
  const request = await tx.onboardingRequest.findUnique({ where: { id: p.requestId }, select: { status: true, registeredForOnboarding: true } });
  if (!request) throw new Error(`onboarding request ${p.requestId} not found`);
  if (request.status !== "COMPENSATING") return { kind: "skipped", status: request.status };

  let softDeleted = false;
  let revokedSessionIds: string[] = [];
  if (request.registeredForOnboarding) {
    const user = await tx.user.findUnique({ where: { id: p.userId }, select: { deletedAt: true } });
    const memberships = await tx.membership.count({ where: { userId: p.userId } });
    if (user && !user.deletedAt && memberships === 0) {
      await tx.user.update({ where: { id: p.userId }, data: { status: "DELETED", deletedAt: new Date() } });
      // identity.session.revoked has no "account deleted" reason yet; a locked account is the nearest.
      revokedSessionIds = (await revokeSessionsInTx(tx, { userId: p.userId }, "account-locked")).map((s) => s.sessionId);
      softDeleted = true;
    }
  }
  const { count } = await tx.onboardingRequest.updateMany({
    where: { id: p.requestId, status: "COMPENSATING" },
    data: { status: "FAILED", failedAt: new Date() },
  });
  if (count !== 1) throw new Error(`onboarding request ${p.requestId} changed while it was being rolled back`);
  await enqueue(tx, {
    type: "identity.user.rolled-back",
    version: 1,
    tenantId: null,
    aggregateId: p.userId,
    payload: { userId: p.userId, requestId: p.requestId, reason: p.reason, softDeleted, revokedSessionIds },
    ...causedBy(event),
  });
  return { kind: "rolled-back", softDeleted, revokedSessionIds };
}
