import type { PlatformRole, TenantRole } from "@bazaar/api";
import type { NavItem } from "@bazaar/next-kit/ui";

import { platformRoleAtLeast, tenantRoleAtLeast } from "./roles";

/** Header links everyone sees, signed in or not; every one has a page (the e2e suite visits each). */
export const adminNav = [
  { href: "/", label: "Dashboard" },
  { href: "/tenants", label: "Tenants" },
] as const satisfies readonly NavItem[];

export interface NavContext {
  signedIn: boolean;
  platformRole: PlatformRole;
  /** The role held in the tenant picked in the switcher, if any. */
  tenantRole: TenantRole | null;
}

/**
 * The header for this user: only links whose pages they may use. The API enforces the same rules; this
 * keeps people from being shown doors that will not open.
 */
export function navFor({ signedIn, platformRole, tenantRole }: NavContext): NavItem[] {
  const items: NavItem[] = [...adminNav];
  if (!signedIn) return items;
  items.push({ href: "/onboarding", label: "Start selling" });
  if (tenantRole) {
    items.push({ href: "/tenant/products", label: "Products" });
    items.push({ href: "/tenant/inventory", label: "Inventory" });
    items.push({ href: "/tenant/shipping", label: "Shipping" });
    items.push({ href: "/tenant/orders", label: "Orders" });
    items.push({ href: "/tenant/stores", label: "Stores" });
    items.push({ href: "/tenant/reviews", label: "Reviews" });
    items.push({ href: "/tenant/staff", label: "Staff" });
    items.push({ href: "/tenant/plan", label: "Plan & usage" });
    items.push({ href: "/tenant/ledger", label: "Ledger" });
    items.push({ href: "/tenant/payouts", label: "Payouts" });
    if (tenantRoleAtLeast(tenantRole, "ADMIN")) items.push({ href: "/tenant/audit", label: "Audit log" });
  }
  if (platformRoleAtLeast(platformRole, "SUPPORT")) {
    items.push({ href: "/ops/tenants", label: "Ops: tenants" });
    items.push({ href: "/ops/flags", label: "Ops: flags" });
    items.push({ href: "/ops/events", label: "Ops: events" });
    items.push({ href: "/ops/sagas", label: "Ops: sagas" });
    items.push({ href: "/ops/plan-approvals", label: "Ops: plans" });
    items.push({ href: "/ops/reviews", label: "Ops: reviews" });
    items.push({ href: "/ops/tax-rates", label: "Ops: tax rates" });
  }
  if (platformRoleAtLeast(platformRole, "OPERATOR")) items.push({ href: "/ops/audit", label: "Ops: audit" });
  return items;
}
