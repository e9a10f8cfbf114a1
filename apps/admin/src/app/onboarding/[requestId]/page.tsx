import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { requireSession } from "../../../server/session";
import { HydrateClient, prefetch, trpc } from "../../../trpc/server";
import { OnboardingProgress } from "./onboarding-progress";

export const metadata: Metadata = { title: "Setting up your tenant" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function OnboardingStatusPage({ params }: PageProps<"/onboarding/[requestId]">) {
  const { requestId } = await params;
  if (!UUID.test(requestId)) notFound();
  await requireSession(`/onboarding/${requestId}`);
  prefetch(trpc.tenants.getOnboardingStatus.queryOptions({ requestId }));
  return (
    <HydrateClient>
      <h1>Setting up your tenant</h1>
      <OnboardingProgress requestId={requestId} />
    </HydrateClient>
  );
}
