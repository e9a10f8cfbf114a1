import type { TRPCContext } from "../trpc";
import { clientInfo, identityDeps } from "./identity.deps";
import { resetPassword } from "./password-reset.service";
import type { ResetPasswordInput } from "./reset-password.schema";

export function resetPasswordHandler({ ctx, input }: { ctx: TRPCContext; input: ResetPasswordInput }) {
  return resetPassword(identityDeps(ctx), input, clientInfo(ctx));
}
