import type { Session } from "../session";
import type { TRPCContext } from "../trpc";
import { identityDeps } from "./identity.deps";
import { disableSms } from "./second-factor.service";

export async function disableSmsSecondFactorHandler({ ctx }: { ctx: TRPCContext & { session: Session } }) {
  await disableSms(identityDeps(ctx), ctx.session.userId);
  return { enabled: false as const };
}
