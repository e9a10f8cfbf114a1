import { z } from "zod";
import { exportAuditSchema, listAuditSchema } from "../audit/audit.schema";
import { multilineText, text, uuidCursor } from "../validation/text.schema";

export const listTenantsSchema = z.object({
  status: z.enum(["PROVISIONING", "ACTIVE", "SUSPENDED", "DELETED"]).optional(),
  /** Matches slug or name, case-insensitively. */
  search: text({ max: 100 }).optional(),
  cursor: uuidCursor().optional(),
  limit: z.number().int().min(1).max(100).default(25),
});

export const suspendTenantSchema = z.object({ tenantId: z.uuid(), reason: multilineText({ min: 3, max: 1_000 }) });
export const reactivateTenantSchema = z.object({ tenantId: z.uuid() });

/** `tenantId` omitted: every chain; null: the platform's own chain. */
export const opsListAuditSchema = listAuditSchema.and(z.object({ tenantId: z.uuid().nullable().optional() }));
/** `tenantId` null or omitted: the platform's own chain. */
export const opsVerifyAuditSchema = z.object({ tenantId: z.uuid().nullable().default(null) });
export const opsExportAuditSchema = exportAuditSchema.and(z.object({ tenantId: z.uuid() }));

export type ListTenantsInput = z.infer<typeof listTenantsSchema>;
