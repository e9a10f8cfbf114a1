import type { Metadata } from "next";

import { currentTenant, requireSession } from "../../../server/session";
import { HydrateClient, prefetch, trpc } from "../../../trpc/server";
import { tenantRoleAtLeast } from "../../roles";
import { NoTenant } from "../no-tenant";
import { PayoutDestination } from "./payout-destination";
import { PayoutsView } from "./payouts-view";

export const metadata: Metadata = { title: "Payouts" };

export default async function PayoutsPage() {
  await requireSession("/tenant/payouts");
  const tenant = await currentTenant();
  if (!tenant) return <NoTenant title="Payouts" />;
  prefetch(trpc.payouts.list.queryOptions({ limit: 20 }));
  const owner = tenantRoleAtLeast(tenant.role, "OWNER");
  if (owner) prefetch(trpc.payouts.destinations.queryOptions());
  return (
    <HydrateClient>
      <h1>Payouts</h1>
      <p className="lead">Money sent to {tenant.name}: the available balance, once per period after the hold, to the payout destination the owner set.</p>
      {owner ? <PayoutDestination /> : <p>Only the owner sees and sets where payouts go; without a destination the balance accrues.</p>}
      <PayoutsView />
    </HydrateClient>
  );
}
