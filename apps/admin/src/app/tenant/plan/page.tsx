import type { Metadata } from "next";

import { currentTenant, requireSession } from "../../../server/session";
import { HydrateClient, prefetch, trpc } from "../../../trpc/server";
import { tenantRoleAtLeast } from "../../roles";
import { NoTenant } from "../no-tenant";
import { PlanManager } from "./plan-manager";

export const metadata: Metadata = { title: "Plan and usage" };

export default async function PlanPage() {
  await requireSession("/tenant/plan");
  const tenant = await currentTenant();
  if (!tenant) return <NoTenant title="Plan and usage" />;
  prefetch(trpc.tenants.getUsage.queryOptions());
  prefetch(trpc.tenants.listPlans.queryOptions());
  return (
    <HydrateClient>
      <h1>Plan and usage</h1>
      <p className="lead">What {tenant.name} uses against its plan, and what each plan allows.</p>
      <PlanManager canChange={tenantRoleAtLeast(tenant.role, "OWNER")} />
    </HydrateClient>
  );
}
