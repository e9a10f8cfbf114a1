// Role ladders, lowest first: a role grants everything the roles below it grant.
export const TENANT_ROLES = ["VIEWER", "STAFF", "MANAGER", "ADMIN", "OWNER"] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

export const PLATFORM_ROLES = ["NONE", "SUPPORT", "OPERATOR"] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

export function tenantRoleAtLeast(role: TenantRole, min: TenantRole): boolean {
  return TENANT_ROLES.indexOf(role) >= TENANT_ROLES.indexOf(min);
}

export function platformRoleAtLeast(role: PlatformRole, min: Exclude<PlatformRole, "NONE">): boolean {
  return PLATFORM_ROLES.indexOf(role) >= PLATFORM_ROLES.indexOf(min);
}
