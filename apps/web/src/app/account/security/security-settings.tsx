"use client";

import { useTRPC } from "@bazaar/next-kit/react";
import { useSuspenseQuery } from "@tanstack/react-query";

import { OtherFactorsSection } from "./other-factors-section";
import { PasswordSection } from "./password-section";
import { SessionsSection } from "./sessions-section";
import { TotpSection } from "./totp-section";

/** Everything on the security page reads the one overview query and refreshes it after each change. */
export function SecuritySettings() {
  const trpc = useTRPC();
  const { data: overview } = useSuspenseQuery(trpc.identity.getSecurityOverview.queryOptions());

  return (
    <div className="stack">
      <TotpSection enabled={overview.totp.enabled} enabledAt={overview.totp.enabledAt} recoveryCodesLeft={overview.recoveryCodesLeft} />
      <OtherFactorsSection emailVerified={overview.emailVerified} emailCode={overview.emailCode.enabled} sms={overview.sms} />
      <SessionsSection sessions={overview.sessions} />
      <PasswordSection />
    </div>
  );
}
