import type { Session } from "../session";
import type { TRPCContext } from "../trpc";
import { identityDeps } from "./identity.deps";
import { securityOverview } from "./second-factor.service";
import { listActiveSessions } from "./sessions.service";

/** Second factors in use, recovery codes left and the active sessions, for the account security page. */
export async function getSecurityOverviewHandler({ ctx }: { ctx: TRPCContext & { session: Session } }) {
  const [overview, sessions] = await Promise.all([
    securityOverview(identityDeps(ctx), ctx.session.userId),
    listActiveSessions(ctx.db, ctx.session.userId),
  ]);
  return { ...overview, sessions: sessions.map((s) => ({ ...s, current: s.id === ctx.session.sessionId })) };
}
