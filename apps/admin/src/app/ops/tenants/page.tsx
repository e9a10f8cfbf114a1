import type { Metadata } from "next";

import { hasPlatformRole } from "../../../server/session";
import { opsAccess } from "../ops-guard";
import { OpsTenants } from "./ops-tenants";

export const metadata: Metadata = { title: "Ops: tenants" };

export default async function OpsTenantsPage() {
  const { session, denied } = await opsAccess("/ops/tenants", "SUPPORT");
  if (denied) return denied;
  return (
    <>
      <h1>Tenants</h1>
      <p className="lead">Every seller and marketplace on the platform.</p>
      <OpsTenants canChange={hasPlatformRole(session, "OPERATOR")} />
    </>
  );
}
