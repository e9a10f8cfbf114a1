import type { Session } from "../session";
import type { TRPCContext } from "../trpc";
import type { DecideFlagInput } from "./decide-flag.schema";
import { decideFlag } from "./flags.service";

export function decideFlagHandler({ ctx, input }: { ctx: TRPCContext & { session: Session }; input: DecideFlagInput }) {
  return decideFlag(ctx.db, ctx.redis, { ...input, operatorId: ctx.session.userId });
}
