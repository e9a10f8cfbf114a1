import "@bazaar/next-kit/base.css";
import "./globals.css";

import { TRPCReactProvider } from "@bazaar/next-kit/react";
import { SiteHeader } from "@bazaar/next-kit/ui";
import type { Metadata } from "next";
import type { ReactNode } from "react";

import { env, serverOrigin } from "../env";
import { adminNav } from "./nav";

export const metadata: Metadata = {
  title: { default: "Bazaar Admin", template: "%s · Bazaar Admin" },
  description: "Run your Bazaar stores and the platform.",
  robots: { index: false, follow: false },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <TRPCReactProvider serverOrigin={serverOrigin} logAll={env.NODE_ENV === "development"}>
          <SiteHeader brand="Bazaar Admin" nav={adminNav} />
          <main className="site-main">{children}</main>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
