import { createTRPCRouter, platformProcedure } from "../trpc";
import { decidePlanApprovalHandler, listPlanApprovalsHandler } from "./plan-approval.handlers";
import { decidePlanApprovalSchema, listPlanApprovalsSchema } from "./plan-approval.schema";
import {
  exportAuditHandler,
  listAuditHandler,
  listTenantsHandler,
  reactivateTenantHandler,
  suspendTenantHandler,
  verifyAuditHandler,
} from "./ops.handlers";
import {
  listTenantsSchema,
  opsExportAuditSchema,
  opsListAuditSchema,
  opsVerifyAuditSchema,
  reactivateTenantSchema,
  suspendTenantSchema,
} from "./ops.schema";

/** The ops console's tenant and audit tools: platform OPERATORs (SUPPORT may look at the tenant list). */
export const opsRouter = createTRPCRouter({
  listTenants: platformProcedure("SUPPORT").input(listTenantsSchema).query(listTenantsHandler),
  suspendTenant: platformProcedure("OPERATOR").input(suspendTenantSchema).mutation(suspendTenantHandler),
  reactivateTenant: platformProcedure("OPERATOR").input(reactivateTenantSchema).mutation(reactivateTenantHandler),
  listAudit: platformProcedure("OPERATOR").input(opsListAuditSchema).query(listAuditHandler),
  verifyAudit: platformProcedure("OPERATOR").input(opsVerifyAuditSchema).query(verifyAuditHandler),
  exportAudit: platformProcedure("OPERATOR").input(opsExportAuditSchema).query(exportAuditHandler),
  listPlanApprovals: platformProcedure("SUPPORT").input(listPlanApprovalsSchema).query(listPlanApprovalsHandler),
  decidePlanApproval: platformProcedure("OPERATOR").input(decidePlanApprovalSchema).mutation(decidePlanApprovalHandler),
});
