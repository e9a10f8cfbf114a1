import type { Metadata } from "next";

import { hasPlatformRole } from "../../../server/session";
import { opsAccess } from "../ops-guard";
import { PlanApprovals } from "./plan-approvals";

export const metadata: Metadata = { title: "Ops: plan requests" };

export default async function PlanApprovalsPage() {
  const { session, denied } = await opsAccess("/ops/plan-approvals", "SUPPORT");
  if (denied) return denied;
  return (
    <>
      <h1>Plan requests</h1>
      <p className="lead">
        Plans that are not self-serve (Enterprise) are asked for by a tenant&apos;s owner and applied only when an operator approves
        them. Approving applies the plan at once; either way the decision and its note go to the tenant&apos;s audit log.
      </p>
      <PlanApprovals canDecide={hasPlatformRole(session, "OPERATOR")} />
    </>
  );
}
