import { z } from "zod";
import { defineEvent } from "./contract";
import { planSchema } from "./tenants.event";

// A plan that is not self-serve (ENTERPRISE): the owner's request and the operator's decision, each in
// the tenant's stream so both land in its audit chain. An approval is followed by tenants.plan.changed.

export const planApprovalRequestedV1 = defineEvent({
  type: "tenants.plan-approval.requested",
  version: 1,
  topic: "tenants.events",
  aggregateType: "tenant",
  payload: z.object({ tenantId: z.uuid(), approvalId: z.uuid(), plan: planSchema, actorId: z.uuid() }),
});

export const planApprovalDecidedV1 = defineEvent({
  type: "tenants.plan-approval.decided",
  version: 1,
  topic: "tenants.events",
  aggregateType: "tenant",
  payload: z.object({
    tenantId: z.uuid(),
    approvalId: z.uuid(),
    plan: planSchema,
    decision: z.enum(["approved", "rejected"]),
    note: z.string().max(2_000).nullable(),
    actorId: z.uuid(),
  }),
});
