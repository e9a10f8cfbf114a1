import type { TRPCContext } from "../trpc";
import { identityDeps } from "./identity.deps";
import { resendVerification } from "./registration.service";
import type { ResendVerificationInput } from "./resend-verification.schema";

/** Always `{ sent: true }`: whether the address has an unverified account is not the caller's business. */
export async function resendVerificationHandler({ ctx, input }: { ctx: TRPCContext; input: ResendVerificationInput }) {
  await resendVerification(identityDeps(ctx), input.email);
  return { sent: true as const };
}
