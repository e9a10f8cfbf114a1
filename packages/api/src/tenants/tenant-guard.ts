import type { Plan, TenantStatus, Tx } from "@bazaar/db";
import { DomainError, NotFoundError } from "../errors";

export interface LockedTenant {
  id: string;
  plan: Plan;
  status: TenantStatus;
}

/**
 * Locks the tenant's row until the transaction ends and checks it is ACTIVE. Every change that is counted
 * against a plan limit takes this lock first, so two concurrent requests cannot both see room for one
 * more store or seat; a suspended tenant's staff can still read but change nothing.
 */
export async function lockActiveTenant(tx: Tx, tenantId: string): Promise<LockedTenant> {
  const rows = await tx.$queryRaw<LockedTenant[]>`
    SELECT id::text AS id, plan::text AS plan, status::text AS status
    FROM tenants WHERE id = ${tenantId}::uuid AND deleted_at IS NULL FOR UPDATE`;
  const tenant = rows[0];
  if (!tenant) throw new NotFoundError("tenant", { tenantId });
  if (tenant.status !== "ACTIVE") {
    throw new DomainError("PRECONDITION_FAILED", `tenant is ${tenant.status.toLowerCase()}`, { tenantStatus: tenant.status });
  }
  return tenant;
}
