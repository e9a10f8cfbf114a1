import type { TRPCContext } from "../trpc";
import { identityDeps } from "./identity.deps";
import { sendSecondFactorCode } from "./login.service";
import type { SendSecondFactorCodeInput } from "./send-second-factor-code.schema";

export function sendSecondFactorCodeHandler({ ctx, input }: { ctx: TRPCContext; input: SendSecondFactorCodeInput }) {
  return sendSecondFactorCode(identityDeps(ctx), input);
}
