import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { currentTenant, requireSession } from "../../../../server/session";
import { HydrateClient, prefetch, trpc } from "../../../../trpc/server";
import { tenantRoleAtLeast } from "../../../roles";
import { NoTenant } from "../../no-tenant";
import { OrderDetail } from "./order-detail";

export const metadata: Metadata = { title: "Order" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireSession(`/tenant/orders/${id}`);
  const tenant = await currentTenant();
  if (!tenant) return <NoTenant title="Order" />;
  if (!UUID.test(id)) notFound();
  prefetch(trpc.orders.get.queryOptions({ orderId: id }));
  return (
    <HydrateClient>
      <OrderDetail orderId={id} canShip={tenantRoleAtLeast(tenant.role, "STAFF")} canManage={tenantRoleAtLeast(tenant.role, "MANAGER")} />
    </HydrateClient>
  );
}
