import type { Metadata } from "next";
import Link from "next/link";

import { currentTenant, requireSession } from "../../../server/session";
import { HydrateClient, prefetch, trpc } from "../../../trpc/server";
import { tenantRoleAtLeast } from "../../roles";
import { NoTenant } from "../no-tenant";
import { parseProductFilters } from "./product-filters";
import { ProductList } from "./product-list";

export const metadata: Metadata = { title: "Products" };

export default async function ProductsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireSession("/tenant/products");
  const tenant = await currentTenant();
  if (!tenant) return <NoTenant title="Products" />;
  const filters = parseProductFilters(await searchParams);
  prefetch(trpc.catalog.listProducts.queryOptions({ ...filters, limit: 25 }));
  prefetch(trpc.catalog.listCategories.queryOptions());
  prefetch(trpc.catalog.listCollections.queryOptions({ limit: 100 }));
  const canEdit = tenantRoleAtLeast(tenant.role, "STAFF");
  return (
    <HydrateClient>
      <h1>Products</h1>
      <p className="lead">What {tenant.name} sells, its variants and whether shoppers can see it.</p>
      <p>
        {canEdit ? (
          <>
            <Link className="button" href="/tenant/products/new">
              New product
            </Link>{" "}
          </>
        ) : null}
        <Link className="button button-secondary" href="/tenant/products/import">
          Import or export CSV
        </Link>
      </p>
      {/* Keyed by the filters: new filters start again at the first page with nothing ticked. */}
      <ProductList key={JSON.stringify(filters)} filters={filters} canRelease={tenantRoleAtLeast(tenant.role, "MANAGER")} />
    </HydrateClient>
  );
}
