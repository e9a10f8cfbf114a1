import type { TRPCContext } from "../trpc";
import { clientInfo, identityDeps } from "./identity.deps";
import { requestPasswordReset } from "./password-reset.service";
import type { RequestPasswordResetInput } from "./request-password-reset.schema";

/** Always `{ sent: true }`: whether the address has an account is not the caller's business. */
export async function requestPasswordResetHandler({ ctx, input }: { ctx: TRPCContext; input: RequestPasswordResetInput }) {
  await requestPasswordReset(identityDeps(ctx), input.email, clientInfo(ctx));
  return { sent: true as const };
}
