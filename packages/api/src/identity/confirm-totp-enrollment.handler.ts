import type { Session } from "../session";
import type { TRPCContext } from "../trpc";
import type { ConfirmTotpEnrollmentInput } from "./confirm-totp-enrollment.schema";
import { identityDeps } from "./identity.deps";
import { confirmTotpEnrollment } from "./second-factor.service";

/** Returns the 10 recovery codes: the only time they are ever shown. */
export function confirmTotpEnrollmentHandler({ ctx, input }: { ctx: TRPCContext & { session: Session }; input: ConfirmTotpEnrollmentInput }) {
  return confirmTotpEnrollment(identityDeps(ctx), ctx.session.userId, input.code);
}
