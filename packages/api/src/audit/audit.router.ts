import { createTRPCRouter, tenantProcedure } from "../trpc";
import { exportHandler, listHandler, verifyHandler } from "./audit.handlers";
import { exportAuditSchema, listAuditSchema } from "./audit.schema";

/**
 * A tenant's audit trail for its ADMINs and OWNERs (header `x-tenant-id`). Operators read, verify and
 * export any chain through `ops.listAudit` / `ops.verifyAudit` / `ops.exportAudit`.
 */
export const auditRouter = createTRPCRouter({
  list: tenantProcedure("ADMIN").input(listAuditSchema).query(listHandler),
  verify: tenantProcedure("ADMIN").query(verifyHandler),
  export: tenantProcedure("ADMIN").input(exportAuditSchema).query(exportHandler),
});
