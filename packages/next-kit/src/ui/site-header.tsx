import Link from "next/link";
import type { ReactNode } from "react";

import { NavLink } from "./nav-link";

export interface NavItem {
  href: string;
  label: string;
}

export interface SiteHeaderProps {
  brand: string;
  nav: readonly NavItem[];
  /** Right-hand side: who is signed in, sign in / sign out. */
  actions?: ReactNode;
}

export function SiteHeader({ brand, nav, actions }: SiteHeaderProps) {
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
      {actions ? <div className="site-actions">{actions}</div> : null}
    </header>
  );
}
