import type { Metadata } from "next";

import { opsAccess } from "../ops-guard";
import { OpsAudit } from "./ops-audit";

export const metadata: Metadata = { title: "Ops: audit log" };

export default async function OpsAuditPage() {
  const { denied } = await opsAccess("/ops/audit", "OPERATOR");
  if (denied) return denied;
  return (
    <>
      <h1>Audit log</h1>
      <p className="lead">Every tenant&apos;s chain and the platform&apos;s own: read, verify, export.</p>
      <OpsAudit />
    </>
  );
}
