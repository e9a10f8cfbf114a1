import type { Metadata } from "next";

import { currentTenant, requireSession } from "../../../server/session";
import { HydrateClient, prefetch, trpc } from "../../../trpc/server";
import { NoTenant } from "../no-tenant";
import { listInput, parseOrderFilters } from "./order-filters";
import { OrderList } from "./order-list";

export const metadata: Metadata = { title: "Orders" };

export default async function OrdersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireSession("/tenant/orders");
  const tenant = await currentTenant();
  if (!tenant) return <NoTenant title="Orders" />;
  const filters = parseOrderFilters(await searchParams);
  prefetch(trpc.orders.list.queryOptions(listInput(filters)));
  return (
    <HydrateClient>
      <h1>Orders</h1>
      <p className="lead">What shoppers bought from {tenant.name}: ship it, cancel it or refund it.</p>
      {/* Keyed by the filters: new filters start again at the first page. */}
      <OrderList key={JSON.stringify(filters)} filters={filters} />
    </HydrateClient>
  );
}
