import type { Session } from "../session";
import type { TRPCContext } from "../trpc";
import type { DisableTotpInput } from "./disable-totp.schema";
import { identityDeps } from "./identity.deps";
import { disableTotp } from "./second-factor.service";

export async function disableTotpHandler({ ctx, input }: { ctx: TRPCContext & { session: Session }; input: DisableTotpInput }) {
  await disableTotp(identityDeps(ctx), ctx.session.userId, input.code);
  return { disabled: true as const };
}
