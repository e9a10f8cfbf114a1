import { asUser } from "@bazaar/db";
import type { Session } from "../session";
import type { TRPCContext } from "../trpc";
import { identityDeps } from "./identity.deps";
import { beginTotpEnrollment } from "./second-factor.service";

/** A fresh secret as an otpauth:// URL and its QR code (PNG data URL); confirmed by confirmTotpEnrollment. */
export async function beginTotpEnrollmentHandler({ ctx }: { ctx: TRPCContext & { session: Session } }) {
  const userId = ctx.session.userId;
  const user = await asUser(ctx.db, userId, (tx) => tx.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true } }));
  return beginTotpEnrollment(identityDeps(ctx), user);
}
