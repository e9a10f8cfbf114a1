import { z } from "zod";
import { multilineText, uuidCursor } from "../validation/text.schema";

const planSchema = z.enum(["FREE", "PRO", "ENTERPRISE"]);

export const requestPlanApprovalSchema = z.object({
  plan: planSchema,
  /** For the operator: expected volumes, a contact, a signed agreement's reference. */
  note: multilineText({ max: 2_000 }).optional(),
});

export const listPlanApprovalsSchema = z
  .object({
    status: z.enum(["PENDING", "APPROVED", "REJECTED"]).optional(),
    cursor: uuidCursor().optional(),
    limit: z.number().int().min(1).max(100).default(25),
  })
  .prefault({});

export const decidePlanApprovalSchema = z.object({
  approvalId: z.uuid(),
  decision: z.enum(["approve", "reject"]),
  /** Why: kept with the request and in the tenant's audit log. */
  note: multilineText({ max: 2_000 }).optional(),
});

export type RequestPlanApprovalInput = z.infer<typeof requestPlanApprovalSchema>;
export type ListPlanApprovalsInput = z.infer<typeof listPlanApprovalsSchema>;
export type DecidePlanApprovalInput = z.infer<typeof decidePlanApprovalSchema>;
