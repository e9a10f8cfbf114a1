import { authedProcedure, createTRPCRouter, publicProcedure, tenantProcedure, verifiedProcedure } from "../trpc";
import { listMyPlanApprovalsHandler, requestPlanApprovalHandler } from "./plan-approval.handlers";
import { requestPlanApprovalSchema } from "./plan-approval.schema";
import { getBySlugHandler } from "./get-by-slug.handler";
import { getBySlugSchema } from "./get-by-slug.schema";
import { acceptInvitationHandler, inviteStaffHandler, listInvitationsHandler, revokeInvitationHandler } from "./invitations.handlers";
import { acceptInvitationSchema, inviteStaffSchema, revokeInvitationSchema } from "./invitations.schema";
import { listMineHandler } from "./list-mine.handler";
import { checkSlugHandler, getOnboardingStatusHandler, listMyOnboardingRequestsHandler, startOnboardingHandler } from "./onboarding.handlers";
import { checkSlugSchema, listMyOnboardingRequestsSchema, onboardingStatusSchema, startOnboardingSchema } from "./onboarding.schema";
import { listPlans } from "./plan.service";
import {
  changePlanHandler,
  changeStaffRoleHandler,
  getUsageHandler,
  listStaffHandler,
  removeStaffHandler,
} from "./staff.handlers";
import { changePlanSchema, changeStaffRoleSchema, removeStaffSchema } from "./staff.schema";

export const tenantsRouter = createTRPCRouter({
  getBySlug: publicProcedure.input(getBySlugSchema).query(getBySlugHandler),
  listMine: authedProcedure.query(listMineHandler),
  listPlans: publicProcedure.query(() => listPlans()),

  // Onboarding (the saga's first step; the rest runs in apps/workers/src/onboarding).
  // Onboarding makes the caller an OWNER, so it needs a verified address (docs/decisions/0006).
  startOnboarding: verifiedProcedure.input(startOnboardingSchema).mutation(startOnboardingHandler),
  getOnboardingStatus: authedProcedure.input(onboardingStatusSchema).query(getOnboardingStatusHandler),
  listMyOnboardingRequests: authedProcedure.input(listMyOnboardingRequestsSchema).query(listMyOnboardingRequestsHandler),
  checkSlug: authedProcedure.input(checkSlugSchema).query(checkSlugHandler),

  // Plan and usage of the header's tenant.
  getUsage: tenantProcedure("VIEWER").query(getUsageHandler),
  changePlan: tenantProcedure("OWNER").input(changePlanSchema).mutation(changePlanHandler),
  // A plan that is not self-serve (ENTERPRISE): asked for here, decided by an operator (ops.decidePlanApproval).
  requestPlanApproval: tenantProcedure("OWNER").input(requestPlanApprovalSchema).mutation(requestPlanApprovalHandler),
  listPlanApprovals: tenantProcedure("VIEWER").query(listMyPlanApprovalsHandler),

  // Staff and roles: an actor grants and manages only roles strictly below their own.
  listStaff: tenantProcedure("VIEWER").query(listStaffHandler),
  // Staff join by invitation only, accepted from a verified account with the invited address.
  inviteStaff: tenantProcedure("MANAGER").input(inviteStaffSchema).mutation(inviteStaffHandler),
  listInvitations: tenantProcedure("MANAGER").query(listInvitationsHandler),
  revokeInvitation: tenantProcedure("MANAGER").input(revokeInvitationSchema).mutation(revokeInvitationHandler),
  acceptInvitation: verifiedProcedure.input(acceptInvitationSchema).mutation(acceptInvitationHandler),
  changeStaffRole: tenantProcedure("MANAGER").input(changeStaffRoleSchema).mutation(changeStaffRoleHandler),
  removeStaff: tenantProcedure("MANAGER").input(removeStaffSchema).mutation(removeStaffHandler),
});
