import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { currentTenant, requireSession } from "../../../../server/session";
import { HydrateClient, prefetch, trpc } from "../../../../trpc/server";
import { tenantRoleAtLeast } from "../../../roles";
import { NoTenant } from "../../no-tenant";
import { ProductEditor } from "./product-editor";

export const metadata: Metadata = { title: "Product" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function ProductPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ created?: string }> }) {
  const { id } = await params;
  await requireSession(`/tenant/products/${id}`);
  const tenant = await currentTenant();
  if (!tenant) return <NoTenant title="Product" />;
  if (!UUID.test(id)) notFound();
  prefetch(trpc.catalog.getProduct.queryOptions({ productId: id }));
  prefetch(trpc.catalog.listCategories.queryOptions());
  prefetch(trpc.catalog.listCollections.queryOptions({ limit: 100 }));
  const { created } = await searchParams;
  return (
    <HydrateClient>
      <ProductEditor
        productId={id}
        justCreated={created === "1"}
        canEdit={tenantRoleAtLeast(tenant.role, "STAFF")}
        canRelease={tenantRoleAtLeast(tenant.role, "MANAGER")}
      />
    </HydrateClient>
  );
}
