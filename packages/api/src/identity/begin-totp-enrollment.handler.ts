import type { Session } from "../session";
import type { TRPCContext } from "../trpc";
import { identityDeps } from "./identity.deps";
import { beginTotpEnrollment } from "./second-factor.service";

/** A fresh secret as an otpauth:// URL and its QR code (PNG data URL); confirmed by confirmTotpEnrollment. */
export async function beginTotpEnrollmentHandler({ ctx }: { ctx: TRPCContext & { session: Session } }) {
  const user = await ctx.db.user.findUniqueOrThrow({ where: { id: ctx.session.userId }, select: { id: true, email: true } });
  return beginTotpEnrollment(identityDeps(ctx), user);
}
