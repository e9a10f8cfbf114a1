import type { Metadata } from "next";

import { currentTenant, requireSession } from "../../../server/session";
import { HydrateClient, prefetch, trpc } from "../../../trpc/server";
import { NoTenant } from "../no-tenant";
import { LedgerView } from "./ledger-view";

export const metadata: Metadata = { title: "Ledger" };

export default async function LedgerPage() {
  await requireSession("/tenant/ledger");
  const tenant = await currentTenant();
  if (!tenant) return <NoTenant title="Ledger" />;
  prefetch(trpc.ledger.balance.queryOptions());
  prefetch(trpc.ledger.entries.queryOptions({ limit: 20 }));
  return (
    <HydrateClient>
      <h1>Ledger</h1>
      <p className="lead">What {tenant.name} is owed: every sale, commission, refund and payout, as booked.</p>
      <LedgerView />
    </HydrateClient>
  );
}
