import type { Session } from "../session";
import type { TRPCContext } from "../trpc";
import { identityDeps } from "./identity.deps";
import { setEmailSecondFactor } from "./second-factor.service";

/** Codes by email at sign-in; needs a verified address. */
export async function enableEmailSecondFactorHandler({ ctx }: { ctx: TRPCContext & { session: Session } }) {
  await setEmailSecondFactor(identityDeps(ctx), ctx.session.userId, true);
  return { enabled: true as const };
}
