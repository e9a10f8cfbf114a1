import type { Metadata } from "next";

import { hasPlatformRole } from "../../../server/session";
import { HydrateClient, prefetch, trpc } from "../../../trpc/server";
import { opsAccess } from "../ops-guard";
import { TaxRatesManager } from "./tax-rates-manager";

export const metadata: Metadata = { title: "Ops: tax rates" };

export default async function TaxRatesPage() {
  const { session, denied } = await opsAccess("/ops/tax-rates", "SUPPORT");
  if (denied) return denied;
  prefetch(trpc.taxRates.list.queryOptions());
  return (
    <HydrateClient>
      <h1>Tax rates</h1>
      <p className="lead">
        The tax rate of each shipping region, in percent. A cart shipping to a region without a rate pays no tax. Every change is
        written to the platform audit log.
      </p>
      <TaxRatesManager canManage={hasPlatformRole(session, "OPERATOR")} />
    </HydrateClient>
  );
}
