import type { Session } from "../session";
import type { TRPCContext } from "../trpc";
import { listActiveSessions } from "./sessions.service";

export async function listSessionsHandler({ ctx }: { ctx: TRPCContext & { session: Session } }) {
  const sessions = await listActiveSessions(ctx.db, ctx.session.userId);
  return sessions.map((s) => ({ ...s, current: s.id === ctx.session.sessionId }));
}
