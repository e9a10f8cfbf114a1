import type { Metadata } from "next";

import { currentTenant, requireSession } from "../../../server/session";
import { HydrateClient, prefetch, trpc } from "../../../trpc/server";
import { NoTenant } from "../no-tenant";
import { PayoutsView } from "./payouts-view";

export const metadata: Metadata = { title: "Payouts" };

export default async function PayoutsPage() {
  await requireSession("/tenant/payouts");
  const tenant = await currentTenant();
  if (!tenant) return <NoTenant title="Payouts" />;
  prefetch(trpc.payouts.list.queryOptions({ limit: 20 }));
  return (
    <HydrateClient>
      <h1>Payouts</h1>
      <p className="lead">Money sent to {tenant.name}: the available balance, once per period after the hold.</p>
      <PayoutsView />
    </HydrateClient>
  );
}
