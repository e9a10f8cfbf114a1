import type { Metadata } from "next";

import { currentTenant, requireSession } from "../../../server/session";
import { HydrateClient, prefetch, trpc } from "../../../trpc/server";
import { tenantRoleAtLeast } from "../../roles";
import { NoTenant } from "../no-tenant";
import { LocationsManager } from "./locations-manager";
import { LowStockList } from "./low-stock-list";
import { StockManager } from "./stock-manager";

export const metadata: Metadata = { title: "Inventory" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function InventoryPage({ searchParams }: { searchParams: Promise<{ product?: string }> }) {
  await requireSession("/tenant/inventory");
  const tenant = await currentTenant();
  if (!tenant) return <NoTenant title="Inventory" />;
  const { product } = await searchParams;
  const productId = product && UUID.test(product) ? product : null;
  prefetch(trpc.inventory.listLocations.queryOptions({ includeInactive: true }));
  prefetch(trpc.inventory.listLevels.queryOptions({ lowStockOnly: true, limit: 50 }));
  prefetch(trpc.catalog.listProducts.queryOptions({ limit: 100 }));
  if (productId) {
    prefetch(trpc.catalog.getProduct.queryOptions({ productId }));
    prefetch(trpc.inventory.listLevels.queryOptions({ productId, lowStockOnly: false, limit: 200 }));
  }
  const canManage = tenantRoleAtLeast(tenant.role, "MANAGER");
  return (
    <HydrateClient>
      <h1>Inventory</h1>
      <p className="lead">Stock of {tenant.name} per variant and location, with every movement on record.</p>
      <LowStockList />
      <StockManager productId={productId} canManage={canManage} />
      <LocationsManager canManage={canManage} />
    </HydrateClient>
  );
}
