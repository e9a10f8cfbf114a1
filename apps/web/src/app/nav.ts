import type { NavItem } from "@bazaar/next-kit/ui";

/** Header links; every one has a page (the e2e suite visits each). */
export const storefrontNav = [
  { href: "/", label: "Home" },
  { href: "/search", label: "Search" },
  { href: "/cart", label: "Cart" },
  { href: "/account", label: "Account" },
] as const satisfies readonly NavItem[];
