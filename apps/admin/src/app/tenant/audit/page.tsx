import type { Metadata } from "next";

import { currentTenant, hasTenantRole, requireSession } from "../../../server/session";
import { AuditViewer } from "../../audit/audit-viewer";
import { NoTenant, NotAllowed } from "../no-tenant";

export const metadata: Metadata = { title: "Audit log" };

export default async function TenantAuditPage() {
  await requireSession("/tenant/audit");
  const tenant = await currentTenant();
  if (!tenant) return <NoTenant title="Audit log" />;
  if (!hasTenantRole(tenant, "ADMIN")) return <NotAllowed title="Audit log" needs="admins and owner" />;
  return (
    <>
      <h1>Audit log</h1>
      <p className="lead">Everything that happened in {tenant.name}, in an append-only, hash-chained log.</p>
      <AuditViewer scope={{ kind: "tenant" }} />
    </>
  );
}
