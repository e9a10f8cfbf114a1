import type { Metadata } from "next";

import { currentTenant, requireSession } from "../../../../server/session";
import { HydrateClient, prefetch, trpc } from "../../../../trpc/server";
import { tenantRoleAtLeast } from "../../../roles";
import { NoTenant } from "../../no-tenant";
import { CsvExport } from "./csv-export";
import { CsvImport } from "./csv-import";

export const metadata: Metadata = { title: "Import and export products" };

export default async function ImportPage() {
  await requireSession("/tenant/products/import");
  const tenant = await currentTenant();
  if (!tenant) return <NoTenant title="Import and export products" />;
  prefetch(trpc.stores.list.queryOptions());
  return (
    <HydrateClient>
      <h1>Import and export products</h1>
      <p className="lead">
        Moving from another platform: one CSV row per variant. A file with any bad row is refused as a whole, with every problem listed by line and column.
      </p>
      {tenantRoleAtLeast(tenant.role, "MANAGER") ? <CsvImport /> : <p>Importing is for the tenant&apos;s managers and above.</p>}
      <CsvExport />
    </HydrateClient>
  );
}
