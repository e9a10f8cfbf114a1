import type { PlatformRole, TenantRole } from "@bazaar/api";

// The API's role ladders (packages/api/src/roles.ts), restated for the pages: its runtime helpers live in
// the server entry, and navigation decides what to show in both server and client components.

export type TenantRoleName = TenantRole;
export type PlatformRoleName = Exclude<PlatformRole, "NONE">;

const TENANT_LADDER: readonly TenantRole[] = ["VIEWER", "STAFF", "MANAGER", "ADMIN", "OWNER"];
const PLATFORM_LADDER: readonly PlatformRole[] = ["NONE", "SUPPORT", "OPERATOR"];

export function tenantRoleAtLeast(role: TenantRole, min: TenantRole): boolean {
  return TENANT_LADDER.indexOf(role) >= TENANT_LADDER.indexOf(min);
}

export function platformRoleAtLeast(role: PlatformRole, min: PlatformRoleName): boolean {
  return PLATFORM_LADDER.indexOf(role) >= PLATFORM_LADDER.indexOf(min);
}

export const TENANT_ROLE_LABELS: Record<TenantRole, string> = {
  OWNER: "Owner",
  ADMIN: "Admin",
  MANAGER: "Manager",
  STAFF: "Staff",
  VIEWER: "Viewer",
};
