import type { Plan, Tx } from "@bazaar/db";
import { enqueue } from "@bazaar/events";
import { PlanLimitError } from "../plans/plan-limit.error";
import { exceededLimits, tenantUsage } from "../plans/plan-usage.service";
import { DomainError } from "../errors";
import { planDefinition, PLANS } from "../plans/plans";
import { lockActiveTenant, type LockedTenant } from "./tenant-guard";

/**
 * Moves the tenant to `plan`. A downgrade that current usage does not fit (more stores, seats or products
 * than the target allows) is refused with every exceeded quota in `details.limits`, and nothing changes.
 * A plan that is not self-serve is refused: it takes an operator's approval (requestPlanApproval).
 */
export async function changePlan(tx: Tx, tenantId: string, actorId: string, plan: Plan) {
  const tenant = await lockActiveTenant(tx, tenantId);
  if (tenant.plan === plan) return { ...(await tenantUsage(tx, tenantId)), changed: false };
  if (!planDefinition(plan).selfServe) {
    throw new DomainError("PRECONDITION_FAILED", `the ${plan} plan needs an operator's approval: request it with requestPlanApproval`, { plan, requiresApproval: true });
  }
  return applyPlan(tx, tenant, actorId, plan);
}

/** The move itself, on a tenant locked by the caller: quota check, update, `tenants.plan.changed`. */
export async function applyPlan(tx: Tx, tenant: LockedTenant, actorId: string, plan: Plan) {
  const tenantId = tenant.id;
  const current = await tenantUsage(tx, tenantId);
  const exceeded = exceededLimits(current.usage, plan);
  if (exceeded.length > 0) throw new PlanLimitError(exceeded);
  await tx.tenant.update({ where: { id: tenantId }, data: { plan } });
  await enqueue(tx, {
    type: "tenants.plan.changed",
    version: 1,
    tenantId,
    aggregateId: tenantId,
    payload: { tenantId, fromPlan: tenant.plan, toPlan: plan, actorId },
  });
  return { ...(await tenantUsage(tx, tenantId)), changed: true };
}

/** Every plan with its limits, commission and price, for the plan picker. */
export function listPlans() {
  return Object.values(PLANS).map((p) => ({ ...p }));
}
