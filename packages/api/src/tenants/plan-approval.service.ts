import { asPlatform, type Db, type Prisma, type Tx } from "@bazaar/db";
import { enqueue } from "@bazaar/events";
import { ConflictError, DomainError, NotFoundError } from "../errors";
import { planDefinition } from "../plans/plans";
import type { DecidePlanApprovalInput, ListPlanApprovalsInput, RequestPlanApprovalInput } from "./plan-approval.schema";
import { applyPlan } from "./plan.service";
import { lockActiveTenant } from "./tenant-guard";

// A plan that is not self-serve (ENTERPRISE: unlimited, lowest commission) is never taken by the tenant
// itself: its owner asks, a platform operator approves or rejects, and only an approval changes the plan.
// The only code writing plan_approvals.

type PlanApproval = Prisma.PlanApprovalModel;

export type PlanApprovalView = Pick<PlanApproval, "id" | "tenantId" | "plan" | "status" | "requestedBy" | "note" | "decidedBy" | "decidedAt" | "decisionNote" | "createdAt">;

const view = (row: PlanApproval): PlanApprovalView => ({
  id: row.id,
  tenantId: row.tenantId,
  plan: row.plan,
  status: row.status,
  requestedBy: row.requestedBy,
  note: row.note,
  decidedBy: row.decidedBy,
  decidedAt: row.decidedAt,
  decisionNote: row.decisionNote,
  createdAt: row.createdAt,
});

/** The owner's request, in the tenant's transaction; one pending request per tenant (under the tenant's lock). */
export async function requestPlanApproval(tx: Tx, tenantId: string, actorId: string, input: RequestPlanApprovalInput): Promise<PlanApprovalView> {
  const tenant = await lockActiveTenant(tx, tenantId);
  if (planDefinition(input.plan).selfServe) {
    throw new DomainError("BAD_REQUEST", `the ${input.plan} plan needs no approval: change to it with changePlan`, { plan: input.plan });
  }
  if (tenant.plan === input.plan) throw new DomainError("PRECONDITION_FAILED", `the tenant is already on the ${input.plan} plan`, { plan: input.plan });
  const pending = await tx.planApproval.findFirst({ where: { tenantId, status: "PENDING" }, select: { id: true } });
  if (pending) throw new ConflictError("a plan request is already waiting for an operator", { approvalId: pending.id });
  const row = await tx.planApproval.create({ data: { tenantId, plan: input.plan, requestedBy: actorId, note: input.note ?? null } });
  await enqueue(tx, {
    type: "tenants.plan-approval.requested",
    version: 1,
    tenantId,
    aggregateId: tenantId,
    payload: { tenantId, approvalId: row.id, plan: row.plan, actorId },
  });
  return view(row);
}

/** The tenant's own requests, newest first. */
export async function listTenantPlanApprovals(tx: Tx): Promise<PlanApprovalView[]> {
  const rows = await tx.planApproval.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 20 });
  return rows.map(view);
}

/** Every tenant's requests for the ops console, oldest pending first. */
export function listPlanApprovals(db: Db, input: ListPlanApprovalsInput) {
  return asPlatform(db, async (tx) => {
    const rows = await tx.planApproval.findMany({
      where: input.status ? { status: input.status } : {},
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: input.limit + 1,
      ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    });
    const page = rows.slice(0, input.limit);
    return { approvals: page.map(view), nextCursor: rows.length > input.limit ? page[page.length - 1]!.id : null };
  });
}

/**
 * An operator's decision. Approving applies the plan (as the operator) in the same transaction; either
 * way the request is closed once, and the decision is announced for the tenant's audit chain.
 */
export function decidePlanApproval(db: Db, actorId: string, input: DecidePlanApprovalInput): Promise<PlanApprovalView> {
  return asPlatform(db, async (tx) => {
    const found = await tx.planApproval.findUnique({ where: { id: input.approvalId } });
    if (!found) throw new NotFoundError("plan request", { approvalId: input.approvalId });
    const tenant = await lockActiveTenant(tx, found.tenantId);
    // Re-read under the tenant's lock: a concurrent decision on the same request shows here.
    const request = await tx.planApproval.findUniqueOrThrow({ where: { id: input.approvalId } });
    if (request.status !== "PENDING") {
      throw new DomainError("PRECONDITION_FAILED", `the request was already ${request.status.toLowerCase()}`, { status: request.status });
    }
    const approved = input.decision === "approve";
    if (approved) await applyPlan(tx, tenant, actorId, request.plan);
    const decided = await tx.planApproval.update({
      where: { id: request.id },
      data: { status: approved ? "APPROVED" : "REJECTED", decidedBy: actorId, decidedAt: new Date(), decisionNote: input.note ?? null },
    });
    await enqueue(tx, {
      type: "tenants.plan-approval.decided",
      version: 1,
      tenantId: request.tenantId,
      aggregateId: request.tenantId,
      payload: { tenantId: request.tenantId, approvalId: request.id, plan: request.plan, decision: approved ? "approved" : "rejected", note: input.note ?? null, actorId },
    });
    return view(decided);
  });
}
