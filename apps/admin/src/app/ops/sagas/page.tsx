import type { Metadata } from "next";

import { hasPlatformRole } from "../../../server/session";
import { opsAccess } from "../ops-guard";
import { SagaMonitor } from "./saga-monitor";

export const metadata: Metadata = { title: "Ops: sagas" };

export default async function SagasPage() {
  const { session, denied } = await opsAccess("/ops/sagas", "SUPPORT");
  if (denied) return denied;
  return (
    <>
      <h1>Checkout sagas</h1>
      <p className="lead">
        Every checkout&apos;s saga: those in flight, those stuck (past their deadline with no worker on them, or failing the same
        step again and again), and those that ended compensated or confirmed. Open one for its step history, its orders and its
        payment. Operators can retry a stuck saga: its deadline is re-armed so the resumer takes it on its next pass.
      </p>
      <SagaMonitor canRetry={hasPlatformRole(session, "OPERATOR")} />
    </>
  );
}
