import type { Metadata } from "next";

import { hasPlatformRole } from "../../../server/session";
import { opsAccess } from "../ops-guard";
import { EventExplorer } from "./event-explorer";

export const metadata: Metadata = { title: "Ops: events" };

export default async function EventsPage() {
  const { session, denied } = await opsAccess("/ops/events", "SUPPORT");
  if (denied) return denied;
  return (
    <>
      <h1>Event explorer</h1>
      <p className="lead">
        Topics and how far each consumer group lags behind, recent events from the outbox, and dead letters: messages a consumer
        gave up on, with the error and the number of attempts. Operators can send a selection back to its topic; a replayed
        letter stays listed, marked with when and by whom.
      </p>
      <EventExplorer canReplay={hasPlatformRole(session, "OPERATOR")} />
    </>
  );
}
