import Link from "next/link";

import { NavLink } from "./nav-link";

export interface NavItem {
  href: string;
  label: string;
}

export function SiteHeader({ brand, nav }: { brand: string; nav: readonly NavItem[] }) {
  return (
    <header className="site-header">
      <Link href="/" className="site-brand">
        {brand}
      </Link>
      <nav className="site-nav" aria-label="Main">
        <ul>
          {nav.map((item) => (
            <li key={item.href}>
              <NavLink href={item.href}>{item.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
