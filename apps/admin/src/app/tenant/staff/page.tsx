import type { Metadata } from "next";

import { currentTenant, requireSession } from "../../../server/session";
import { HydrateClient, prefetch, trpc } from "../../../trpc/server";
import { NoTenant } from "../no-tenant";
import { StaffManager } from "./staff-manager";

export const metadata: Metadata = { title: "Staff and roles" };

export default async function StaffPage() {
  const session = await requireSession("/tenant/staff");
  const tenant = await currentTenant();
  if (!tenant) return <NoTenant title="Staff and roles" />;
  prefetch(trpc.tenants.listStaff.queryOptions());
  return (
    <HydrateClient>
      <h1>Staff and roles</h1>
      <p className="lead">Who can work on {tenant.name}, and what each of them may do.</p>
      <StaffManager selfId={session.user.id} />
    </HydrateClient>
  );
}
