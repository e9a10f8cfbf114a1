import type { Metadata } from "next";

import { requireSession } from "../../server/session";
import { HydrateClient, prefetch, trpc } from "../../trpc/server";
import { OnboardingWizard } from "./onboarding-wizard";

export const metadata: Metadata = { title: "Start selling" };

export default async function OnboardingPage() {
  await requireSession("/onboarding");
  prefetch(trpc.tenants.listPlans.queryOptions());
  return (
    <HydrateClient>
      <h1>Start selling on Bazaar</h1>
      <p className="lead">Tell us what kind of seller you are and pick a plan. Your tenant and its first store are set up in seconds.</p>
      <OnboardingWizard />
    </HydrateClient>
  );
}
