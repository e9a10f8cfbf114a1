import type { TRPCContext } from "../trpc";
import type { CompleteSecondFactorInput } from "./complete-second-factor.schema";
import { clientInfo, identityDeps } from "./identity.deps";
import { completeSecondFactor } from "./login.service";

export function completeSecondFactorHandler({ ctx, input }: { ctx: TRPCContext; input: CompleteSecondFactorInput }) {
  return completeSecondFactor(identityDeps(ctx), input, clientInfo(ctx));
}
