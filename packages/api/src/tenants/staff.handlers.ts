import { tenantUsage } from "../plans/plan-usage.service";
import { changePlan } from "./plan.service";
import type { TenantContext } from "./procedure-context";
import type { ChangePlanInput, ChangeStaffRoleInput, RemoveStaffInput } from "./staff.schema";
import { changeStaffRole, listStaff, removeStaff } from "./staff.service";
import { grantableRoles } from "./staff-rules";

const actorOf = (ctx: TenantContext) => ({ userId: ctx.session.userId, role: ctx.tenant.role });

export async function listStaffHandler({ ctx }: { ctx: TenantContext }) {
  return { staff: await listStaff(ctx.db, ctx.tenant.id), yourRole: ctx.tenant.role, grantableRoles: grantableRoles(ctx.tenant.role) };
}

export function changeStaffRoleHandler({ ctx, input }: { ctx: TenantContext; input: ChangeStaffRoleInput }) {
  return changeStaffRole(ctx.db, ctx.tenant.id, actorOf(ctx), input);
}

export function removeStaffHandler({ ctx, input }: { ctx: TenantContext; input: RemoveStaffInput }) {
  return removeStaff(ctx.db, ctx.tenant.id, actorOf(ctx), input);
}

export function getUsageHandler({ ctx }: { ctx: TenantContext }) {
  return tenantUsage(ctx.db, ctx.tenant.id);
}

export function changePlanHandler({ ctx, input }: { ctx: TenantContext; input: ChangePlanInput }) {
  return changePlan(ctx.db, ctx.tenant.id, ctx.session.userId, input.plan);
}
