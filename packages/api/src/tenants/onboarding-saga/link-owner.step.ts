import type { Tx } from "@bazaar/db";
import { causedBy, enqueue, type EventOf } from "@bazaar/events";

export type LinkOutcome = { kind: "linked"; membershipId: string } | { kind: "skipped"; status: string };

/**
 * Saga step 2 (membership-linker, on `tenants.tenant.provisioned`, in the new tenant's context): makes the
 * requester the tenant's OWNER and emits `tenants.membership.linked`. The request row is visible here
 * because it now carries the tenant's id.
 */
export async function linkOwnerStep(tx: Tx, event: EventOf<"tenants.tenant.provisioned">): Promise<LinkOutcome> {
  const p = event.payload;
  const request = await tx.onboardingRequest.findUnique({ where: { id: p.requestId }, select: { status: true } });
  if (!request) throw new Error(`onboarding request ${p.requestId} not visible in tenant ${p.tenantId}`);
  if (request.status !== "PROVISIONED") return { kind: "skipped", status: request.status };

  const existing = await tx.membership.findUnique({ where: { tenantId_userId: { tenantId: p.tenantId, userId: p.userId } } });
  const membership = existing
    ? await tx.membership.update({ where: { id: existing.id }, data: { role: "OWNER" } })
    : await tx.membership.create({ data: { tenantId: p.tenantId, userId: p.userId, role: "OWNER" } });
  const { count } = await tx.onboardingRequest.updateMany({
    where: { id: p.requestId, status: "PROVISIONED" },
    data: { status: "LINKED", linkedAt: new Date() },
  });
  if (count !== 1) throw new Error(`onboarding request ${p.requestId} changed while it was being linked`);
  await enqueue(tx, {
    type: "tenants.membership.linked",
    version: 1,
    tenantId: p.tenantId,
    aggregateId: p.tenantId,
    payload: { requestId: p.requestId, tenantId: p.tenantId, userId: p.userId, membershipId: membership.id, role: "OWNER" },
    ...causedBy(event),
  });
  return { kind: "linked", membershipId: membership.id };
}
