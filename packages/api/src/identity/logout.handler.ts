import type { Session } from "../session";
import type { TRPCContext } from "../trpc";
import { DomainError } from "../errors";
import { revokeSession } from "./sessions.service";

/** Ends the session the access token belongs to (its refresh tokens stop working at once). */
export async function logoutHandler({ ctx }: { ctx: TRPCContext & { session: Session } }) {
  if (!ctx.session.sessionId) throw new DomainError("BAD_REQUEST", "this session cannot be signed out");
  await revokeSession(ctx.db, ctx.redis, { sessionId: ctx.session.sessionId, userId: ctx.session.userId, reason: "logout" });
  return { signedOut: true as const };
}
