import type { Session } from "../session";
import type { TRPCContext } from "../trpc";
import type { RevokeSessionInput } from "./revoke-session.schema";
import { revokeSession } from "./sessions.service";

/** Ends one of the caller's own sessions (another device); NOT_FOUND for anyone else's. */
export async function revokeSessionHandler({ ctx, input }: { ctx: TRPCContext & { session: Session }; input: RevokeSessionInput }) {
  await revokeSession(ctx.db, ctx.redis, { sessionId: input.sessionId, userId: ctx.session.userId, reason: "revoked-by-user" });
  return { revoked: true as const };
}
