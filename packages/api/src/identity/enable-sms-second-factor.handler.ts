import type { Session } from "../session";
import type { TRPCContext } from "../trpc";
import type { EnableSmsSecondFactorInput } from "./enable-sms-second-factor.schema";
import { identityDeps } from "./identity.deps";
import { beginSmsEnrollment } from "./second-factor.service";

/** Texts a code to the number; confirmSmsSecondFactor with that code makes it a second factor. */
export function enableSmsSecondFactorHandler({ ctx, input }: { ctx: TRPCContext & { session: Session }; input: EnableSmsSecondFactorInput }) {
  return beginSmsEnrollment(identityDeps(ctx), ctx.session.userId, input.phone);
}
