import type { Metadata } from "next";

import { currentTenant, requireSession } from "../../../../server/session";
import { HydrateClient, prefetch, trpc } from "../../../../trpc/server";
import { tenantRoleAtLeast } from "../../../roles";
import { NoTenant, NotAllowed } from "../../no-tenant";
import { NewProductForm } from "./new-product-form";

export const metadata: Metadata = { title: "New product" };

export default async function NewProductPage() {
  await requireSession("/tenant/products/new");
  const tenant = await currentTenant();
  if (!tenant) return <NoTenant title="New product" />;
  if (!tenantRoleAtLeast(tenant.role, "STAFF")) return <NotAllowed title="New product" needs="staff and above" />;
  prefetch(trpc.catalog.listCategories.queryOptions());
  prefetch(trpc.catalog.listCollections.queryOptions({ limit: 100 }));
  prefetch(trpc.stores.list.queryOptions());
  return (
    <HydrateClient>
      <h1>New product</h1>
      <p className="lead">A draft until a manager publishes it. Images can be added once it is saved.</p>
      <NewProductForm />
    </HydrateClient>
  );
}
