import type { TRPCContext } from "../trpc";
import { identityDeps } from "./identity.deps";
import { verifyEmail } from "./registration.service";
import type { VerifyEmailInput } from "./verify-email.schema";

export function verifyEmailHandler({ ctx, input }: { ctx: TRPCContext; input: VerifyEmailInput }) {
  return verifyEmail(identityDeps(ctx), input);
}
