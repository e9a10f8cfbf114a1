import type { Metadata } from "next";

import { hasPlatformRole } from "../../../server/session";
import { opsAccess } from "../ops-guard";
import { FlagQueue } from "./flag-queue";

export const metadata: Metadata = { title: "Ops: flagged identities" };

export default async function FlagsPage() {
  const { session, denied } = await opsAccess("/ops/flags", "SUPPORT");
  if (denied) return denied;
  return (
    <>
      <h1>Flagged identities</h1>
      <p className="lead">
        Accounts, addresses and devices the flagging rules found suspicious. Clear a false alarm, or lock: the accounts are
        locked and signed out, and a locked address or device can no longer sign in or sign up. Every decision is audited.
      </p>
      <FlagQueue canDecide={hasPlatformRole(session, "OPERATOR")} />
    </>
  );
}
