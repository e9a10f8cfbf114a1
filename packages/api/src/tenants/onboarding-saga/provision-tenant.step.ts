import { randomUUID } from "node:crypto";
import type { Tx } from "@bazaar/db";
import { causedBy, enqueue, type EventOf, type PayloadOf } from "@bazaar/events";
import { PLANS } from "../../plans/plans";
import { insertStore } from "../../stores/stores.service";

export type ProvisioningFailureReason = PayloadOf<"tenants.provisioning.failed">["reason"];

export type ProvisionOutcome =
  | { kind: "provisioned"; tenantId: string; storeId: string }
  | { kind: "failed"; reason: ProvisioningFailureReason; detail: string }
  | { kind: "skipped"; status: string };

async function refusal(tx: Tx, requestId: string, slug: string): Promise<{ reason: ProvisioningFailureReason; detail: string } | null> {
  const request = await tx.onboardingRequest.findUniqueOrThrow({ where: { id: requestId }, select: { userId: true, plan: true } });
  const user = await tx.user.findUnique({ where: { id: request.userId }, select: { status: true, deletedAt: true } });
  if (!user || user.status !== "ACTIVE" || user.deletedAt) return { reason: "requester-inactive", detail: "the requesting account is no longer active" };
  if (!PLANS[request.plan].selfServe) return { reason: "plan-unavailable", detail: `the ${request.plan} plan is not offered to new sellers` };
  const tenant = await tx.tenant.findUnique({ where: { slug }, select: { id: true } });
  const store = await tx.store.findUnique({ where: { slug }, select: { id: true } });
  if (tenant || store) return { reason: "slug-taken", detail: `a ${tenant ? "tenant" : "store"} already uses the slug ${slug}` };
  return null;
}

/**
 * Saga step 1 (tenant-provisioner, on `tenants.onboarding.requested`, platform context): creates the tenant
 * (ACTIVE) and its default store and emits `tenants.tenant.provisioned`, or, when the request cannot be
 * met (slug taken, plan not offered, requester gone), records why and emits `tenants.provisioning.failed`
 * for compensation. A refusal is an outcome, not an exception: throwing would retry it and then dead-letter
 * it. Two requests racing for one slug both pass the check; the loser's insert hits the unique index, its
 * transaction rolls back, and the runner's retry finds the slug taken.
 */
export async function provisionTenantStep(tx: Tx, event: EventOf<"tenants.onboarding.requested">): Promise<ProvisionOutcome> {
  const p = event.payload;
  const request = await tx.onboardingRequest.findUnique({ where: { id: p.requestId }, select: { status: true } });
  if (!request) throw new Error(`onboarding request ${p.requestId} not found`);
  if (request.status !== "REQUESTED") return { kind: "skipped", status: request.status };
  const now = new Date();

  const refused = await refusal(tx, p.requestId, p.slug);
  if (refused) {
    await advance(tx, p.requestId, { status: "COMPENSATING", failureReason: refused.reason, failureDetail: refused.detail });
    await enqueue(tx, {
      type: "tenants.provisioning.failed",
      version: 1,
      tenantId: null,
      aggregateId: p.requestId,
      payload: { requestId: p.requestId, userId: p.userId, slug: p.slug, ...refused },
      ...causedBy(event),
    });
    return { kind: "failed", ...refused };
  }

  const tenant = await tx.tenant.create({
    data: { id: randomUUID(), slug: p.slug, name: p.name, type: p.type, plan: p.plan, status: "ACTIVE", createdAt: now },
  });
  const store = await insertStore(tx, tenant.id, null, { name: p.name, slug: p.slug, theme: {} });
  await advance(tx, p.requestId, { status: "PROVISIONED", tenantId: tenant.id, storeId: store.id, provisionedAt: now });
  await enqueue(tx, {
    type: "tenants.tenant.provisioned",
    version: 1,
    tenantId: tenant.id,
    aggregateId: tenant.id,
    payload: {
      requestId: p.requestId,
      tenantId: tenant.id,
      userId: p.userId,
      name: p.name,
      slug: p.slug,
      type: p.type,
      plan: p.plan,
      storeId: store.id,
      storeSlug: store.slug,
    },
    ...causedBy(event),
  });
  return { kind: "provisioned", tenantId: tenant.id, storeId: store.id };
}

type Advance = Parameters<Tx["onboardingRequest"]["updateMany"]>[0]["data"];

/** Moves the request on from REQUESTED; a concurrent mover makes this throw (the runner retries and skips). */
async function advance(tx: Tx, requestId: string, data: Advance) {
  const { count } = await tx.onboardingRequest.updateMany({ where: { id: requestId, status: "REQUESTED" }, data });
  if (count !== 1) throw new Error(`onboarding request ${requestId} changed while it was being provisioned`);
}
