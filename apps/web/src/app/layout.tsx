import "@bazaar/next-kit/base.css";
import "./globals.css";

import { SignOutButton } from "@bazaar/next-kit/auth-client";
import { TRPCReactProvider } from "@bazaar/next-kit/react";
import { SiteHeader } from "@bazaar/next-kit/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense, type ReactNode } from "react";

import { env, serverOrigin } from "../env";
import { SearchBox } from "../storefront/search-box";
import { auth } from "../server/auth";
import { storefrontNav } from "./nav";

export const metadata: Metadata = {
  // Relative canonical and Open Graph URLs of every page resolve against the public origin.
  metadataBase: new URL(env.NEXTAUTH_URL),
  title: { default: "Bazaar", template: "%s · Bazaar" },
  description: "Shop every store on the Bazaar marketplace.",
  alternates: { canonical: "/" },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await auth.getSession();
  const actions = session ? (
    <>
      <Link href="/account" data-testid="signed-in-as">
        {session.user.name}
      </Link>
      <SignOutButton />
    </>
  ) : (
    <>
      <Link href="/sign-in">Sign in</Link>
      <Link href="/sign-up">Create account</Link>
    </>
  );

  return (
    <html lang="en">
      <body>
        <TRPCReactProvider serverOrigin={serverOrigin} logAll={env.NODE_ENV === "development"}>
          <SiteHeader brand="Bazaar" nav={storefrontNav} actions={actions} />
          <div className="search-strip">
            {/* The box reads the URL's query (useSearchParams), which needs a boundary of its own. */}
            <Suspense fallback={null}>
              <SearchBox />
            </Suspense>
          </div>
          <main className="site-main">{children}</main>
          <footer className="site-footer">Bazaar marketplace</footer>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
