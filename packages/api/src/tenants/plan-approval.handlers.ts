import type { DecidePlanApprovalInput, ListPlanApprovalsInput, RequestPlanApprovalInput } from "./plan-approval.schema";
import { decidePlanApproval, listPlanApprovals, listTenantPlanApprovals, requestPlanApproval } from "./plan-approval.service";
import type { AuthedContext, TenantContext } from "./procedure-context";

// Thin: each procedure hands its input to plan-approval.service.ts (grouped, as in tenants and ops).

export function requestPlanApprovalHandler({ ctx, input }: { ctx: TenantContext; input: RequestPlanApprovalInput }) {
  return requestPlanApproval(ctx.db, ctx.tenant.id, ctx.session.userId, input);
}

export function listMyPlanApprovalsHandler({ ctx }: { ctx: TenantContext }) {
  return listTenantPlanApprovals(ctx.db);
}

export function listPlanApprovalsHandler({ ctx, input }: { ctx: AuthedContext; input: ListPlanApprovalsInput }) {
  return listPlanApprovals(ctx.db, input);
}

export function decidePlanApprovalHandler({ ctx, input }: { ctx: AuthedContext; input: DecidePlanApprovalInput }) {
  return decidePlanApproval(ctx.db, ctx.session.userId, input);
}
