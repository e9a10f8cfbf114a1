import type { Metadata } from "next";

import { HydrateClient, prefetch, trpc } from "../trpc/server";
import { SystemStatus } from "./system-status";

export const metadata: Metadata = { title: "Dashboard" };

export default function DashboardPage() {
  // Not awaited: the readiness checks run while the shell streams, and <SystemStatus> picks up the
  // pending query through HydrateClient instead of asking again from the browser.
  prefetch(trpc.health.ready.queryOptions());

  return (
    <HydrateClient>
      <h1>Bazaar Admin</h1>
      <p className="lead">Platform overview.</p>
      <SystemStatus />
    </HydrateClient>
  );
}
