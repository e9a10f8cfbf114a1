import { TENANT_ROLES, type TenantRole } from "../roles";

// The tenant role hierarchy's rules for staff management, kept pure so they are tested without a database.

const rank = (role: TenantRole) => TENANT_ROLES.indexOf(role);

/** An actor grants only roles strictly below their own: an OWNER up to ADMIN, an ADMIN up to MANAGER... */
export function canGrant(actor: TenantRole, role: TenantRole): boolean {
  return rank(role) < rank(actor);
}

/** An actor changes or removes only members whose current role is strictly below their own. */
export function canManage(actor: TenantRole, target: TenantRole): boolean {
  return rank(target) < rank(actor);
}

/** The roles `actor` may hand out, highest first. */
export function grantableRoles(actor: TenantRole): TenantRole[] {
  return TENANT_ROLES.filter((r) => canGrant(actor, r)).reverse();
}
