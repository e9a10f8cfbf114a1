import type { Session } from "../session";
import type { TRPCContext } from "../trpc";
import { identityDeps } from "./identity.deps";
import { setEmailSecondFactor } from "./second-factor.service";

export async function disableEmailSecondFactorHandler({ ctx }: { ctx: TRPCContext & { session: Session } }) {
  await setEmailSecondFactor(identityDeps(ctx), ctx.session.userId, false);
  return { enabled: false as const };
}
