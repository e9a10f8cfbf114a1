import { asPlatform } from "@bazaar/db";
import type { z } from "zod";
import type { AuditReader } from "../audit/audit-log.service";
import { exportAuditLog, listAuditEntries } from "../audit/audit-query.service";
import { verifyChainReport } from "../audit/verify-chain";
import type { listTenantsSchema, opsExportAuditSchema, opsListAuditSchema, opsVerifyAuditSchema, reactivateTenantSchema, suspendTenantSchema } from "./ops.schema";
import { listTenants, reactivateTenant, suspendTenant } from "./ops.service";
import type { AuthedContext } from "./procedure-context";

const platformReader = (ctx: AuthedContext): AuditReader => (fn) => asPlatform(ctx.db, fn);

export function listTenantsHandler({ ctx, input }: { ctx: AuthedContext; input: z.infer<typeof listTenantsSchema> }) {
  return listTenants(ctx.db, input);
}

export function suspendTenantHandler({ ctx, input }: { ctx: AuthedContext; input: z.infer<typeof suspendTenantSchema> }) {
  return suspendTenant(ctx.db, ctx.session.userId, input);
}

export function reactivateTenantHandler({ ctx, input }: { ctx: AuthedContext; input: z.infer<typeof reactivateTenantSchema> }) {
  return reactivateTenant(ctx.db, ctx.session.userId, input);
}

export function listAuditHandler({ ctx, input }: { ctx: AuthedContext; input: z.infer<typeof opsListAuditSchema> }) {
  const { tenantId, ...page } = input;
  return listAuditEntries(platformReader(ctx), tenantId === undefined ? { allChains: true } : { tenantId }, page);
}

export function verifyAuditHandler({ ctx, input }: { ctx: AuthedContext; input: z.infer<typeof opsVerifyAuditSchema> }) {
  return verifyChainReport(platformReader(ctx), input.tenantId);
}

export function exportAuditHandler({ ctx, input }: { ctx: AuthedContext; input: z.infer<typeof opsExportAuditSchema> }) {
  return exportAuditLog(platformReader(ctx), input);
}
