import type { NavItem } from "@bazaar/next-kit/ui";

/** Header links; every one has a page (the e2e suite visits each). */
export const adminNav = [
  { href: "/", label: "Dashboard" },
  { href: "/tenants", label: "Tenants" },
] as const satisfies readonly NavItem[];
