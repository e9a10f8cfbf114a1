import type { Plan, Tx } from "@bazaar/db";
import { causedBy, enqueue, type EventOf } from "@bazaar/events";

export interface WelcomeMail {
  requestId: string;
  tenantId: string;
  to: string;
  name: string;
  storeName: string;
  plan: Plan;
  /** Stable per request, so a redelivered event never mails twice. */
  idempotencyKey: string;
}

/**
 * Saga step 3a (onboarding-notifier, on `tenants.membership.linked`, tenant context): what the welcome mail
 * needs, or null when the request is no longer waiting for it.
 */
export async function welcomeMailFor(tx: Tx, event: EventOf<"tenants.membership.linked">): Promise<WelcomeMail | null> {
  const p = event.payload;
  const request = await tx.onboardingRequest.findUnique({ where: { id: p.requestId } });
  if (!request || request.status !== "LINKED" || !request.storeId) return null;
  const user = await tx.user.findUniqueOrThrow({ where: { id: p.userId }, select: { email: true, name: true } });
  const store = await tx.store.findUniqueOrThrow({ where: { id: request.storeId }, select: { name: true } });
  return {
    requestId: request.id,
    tenantId: p.tenantId,
    to: user.email,
    name: user.name,
    storeName: store.name,
    plan: request.plan,
    idempotencyKey: `onboarding-welcome:${request.id}`,
  };
}

/** Saga step 3b: the welcome mail went out; the request is COMPLETED and `tenants.onboarding.completed` emitted. */
export async function completeOnboardingStep(tx: Tx, event: EventOf<"tenants.membership.linked">, welcomeDeliveryId: string): Promise<void> {
  const p = event.payload;
  const { count } = await tx.onboardingRequest.updateMany({
    where: { id: p.requestId, status: "LINKED" },
    data: { status: "COMPLETED", completedAt: new Date() },
  });
  if (count !== 1) return;
  await enqueue(tx, {
    type: "tenants.onboarding.completed",
    version: 1,
    tenantId: p.tenantId,
    aggregateId: p.requestId,
    payload: { requestId: p.requestId, tenantId: p.tenantId, userId: p.userId, welcomeDeliveryId },
    ...causedBy(event),
  });
}
