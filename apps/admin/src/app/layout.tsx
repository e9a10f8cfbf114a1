import "@bazaar/next-kit/base.css";
import "./globals.css";

import { SignOutButton } from "@bazaar/next-kit/auth-client";
import { TRPCReactProvider } from "@bazaar/next-kit/react";
import { SiteHeader } from "@bazaar/next-kit/ui";
import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";

import { env, serverOrigin } from "../env";
import { auth } from "../server/auth";
import { currentTenant, myTenants } from "../server/session";
import { AutoSelectTenant } from "./auto-tenant";
import { navFor } from "./nav";
import { TenantSwitcher } from "./tenant-switcher";

export const metadata: Metadata = {
  title: { default: "Bazaar Admin", template: "%s · Bazaar Admin" },
  description: "Run your Bazaar stores and the platform.",
  robots: { index: false, follow: false },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await auth.getSession();
  const [tenants, tenant] = session ? await Promise.all([myTenants(), currentTenant()]) : [[], null];
  const nav = navFor({ signedIn: Boolean(session), platformRole: session?.user.platformRole ?? "NONE", tenantRole: tenant?.role ?? null });

  const actions = session ? (
    <>
      {tenants.length > 0 ? <TenantSwitcher tenants={tenants.map((t) => ({ id: t.id, name: t.name, role: t.role }))} selected={tenant?.id ?? null} /> : null}
      <span data-testid="signed-in-as">{session.user.name}</span>
      <SignOutButton callbackUrl="/sign-in" />
    </>
  ) : (
    <Link href="/sign-in">Sign in</Link>
  );

  return (
    <html lang="en">
      <body>
        <TRPCReactProvider serverOrigin={serverOrigin} logAll={env.NODE_ENV === "development"}>
          <SiteHeader brand="Bazaar Admin" nav={nav} actions={actions} />
          {session && !tenant && tenants.length === 1 ? <AutoSelectTenant tenantId={tenants[0]!.id} /> : null}
          <main className="site-main">{children}</main>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
