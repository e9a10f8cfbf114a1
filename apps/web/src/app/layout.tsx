import "@bazaar/next-kit/base.css";
import "./globals.css";

import { TRPCReactProvider } from "@bazaar/next-kit/react";
import { SiteHeader } from "@bazaar/next-kit/ui";
import type { Metadata } from "next";
import type { ReactNode } from "react";

import { env, serverOrigin } from "../env";
import { storefrontNav } from "./nav";

export const metadata: Metadata = {
  title: { default: "Bazaar", template: "%s · Bazaar" },
  description: "Shop every store on the Bazaar marketplace.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <TRPCReactProvider serverOrigin={serverOrigin} logAll={env.NODE_ENV === "development"}>
          <SiteHeader brand="Bazaar" nav={storefrontNav} />
          <main className="site-main">{children}</main>
          <footer className="site-footer">Bazaar marketplace</footer>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
