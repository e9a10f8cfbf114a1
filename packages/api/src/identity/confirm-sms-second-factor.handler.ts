import type { Session } from "../session";
import type { TRPCContext } from "../trpc";
import type { ConfirmSmsSecondFactorInput } from "./confirm-sms-second-factor.schema";
import { identityDeps } from "./identity.deps";
import { confirmSmsEnrollment } from "./second-factor.service";

export async function confirmSmsSecondFactorHandler({ ctx, input }: { ctx: TRPCContext & { session: Session }; input: ConfirmSmsSecondFactorInput }) {
  const { phone } = await confirmSmsEnrollment(identityDeps(ctx), ctx.session.userId, input.code);
  return { enabled: true as const, phone };
}
