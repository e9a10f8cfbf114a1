import type { Metadata } from "next";

import { currentTenant, requireSession } from "../../../server/session";
import { HydrateClient, prefetch, trpc } from "../../../trpc/server";
import { tenantRoleAtLeast } from "../../roles";
import { NoTenant } from "../no-tenant";
import { StoreSettings } from "./store-settings";

export const metadata: Metadata = { title: "Stores" };

export default async function StoresPage() {
  await requireSession("/tenant/stores");
  const tenant = await currentTenant();
  if (!tenant) return <NoTenant title="Stores" />;
  prefetch(trpc.stores.list.queryOptions());
  prefetch(trpc.stores.listDomains.queryOptions({}));
  return (
    <HydrateClient>
      <h1>Stores</h1>
      <p className="lead">How {tenant.name}&apos;s stores look, and the web addresses shoppers reach them at.</p>
      <StoreSettings canEdit={tenantRoleAtLeast(tenant.role, "ADMIN")} />
    </HydrateClient>
  );
}
