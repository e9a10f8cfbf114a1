import { signInPathFor } from "@bazaar/next-kit/auth";
import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { auth } from "../../../server/auth";
import { HydrateClient, prefetch, trpc } from "../../../trpc/server";
import { SecuritySettings } from "./security-settings";

export const metadata: Metadata = { title: "Account security" };

export default async function SecurityPage() {
  const session = await auth.getSession();
  if (!session) redirect(signInPathFor("/sign-in", "/account/security"));
  prefetch(trpc.identity.getSecurityOverview.queryOptions());

  return (
    <HydrateClient>
      <h1>Account security</h1>
      <p className="lead">Signed in as {session.user.email}.</p>
      <SecuritySettings />
    </HydrateClient>
  );
}
