import type { TenantContext } from "../tenants/procedure-context";
import type { AuditReader } from "./audit-log.service";
import { exportAuditLog, listAuditEntries } from "./audit-query.service";
import type { ExportAuditInput, ListAuditInput } from "./audit.schema";
import { verifyChainReport } from "./verify-chain";

// A tenant's own trail: every read runs in the procedure's transaction, so row-level security limits it
// to the header's tenant whatever the filter says.
const tenantReader = (ctx: TenantContext): AuditReader => (fn) => fn(ctx.db);

export function listHandler({ ctx, input }: { ctx: TenantContext; input: ListAuditInput }) {
  return listAuditEntries(tenantReader(ctx), { tenantId: ctx.tenant.id }, input);
}

export function verifyHandler({ ctx }: { ctx: TenantContext }) {
  return verifyChainReport(tenantReader(ctx), ctx.tenant.id);
}

export function exportHandler({ ctx, input }: { ctx: TenantContext; input: ExportAuditInput }) {
  return exportAuditLog(tenantReader(ctx), { tenantId: ctx.tenant.id, ...input });
}
