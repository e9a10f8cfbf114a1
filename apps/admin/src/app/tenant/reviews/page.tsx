import type { Metadata } from "next";

import { currentTenant, hasTenantRole, requireSession } from "../../../server/session";
import { NoTenant } from "../no-tenant";
import { TenantReviews } from "./tenant-reviews";

export const metadata: Metadata = { title: "Reviews" };

export default async function TenantReviewsPage() {
  await requireSession("/tenant/reviews");
  const tenant = await currentTenant();
  if (!tenant) return <NoTenant title="Reviews" />;
  return (
    <>
      <h1>Reviews</h1>
      <p className="lead">What buyers of {tenant.name} wrote about its products and the store. You can answer each once, publicly.</p>
      <TenantReviews canReply={hasTenantRole(tenant, "STAFF")} canConfigure={hasTenantRole(tenant, "MANAGER")} />
    </>
  );
}
