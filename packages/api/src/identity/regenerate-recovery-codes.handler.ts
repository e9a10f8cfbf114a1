import type { Session } from "../session";
import type { TRPCContext } from "../trpc";
import { identityDeps } from "./identity.deps";
import type { RegenerateRecoveryCodesInput } from "./regenerate-recovery-codes.schema";
import { regenerateRecoveryCodes } from "./second-factor.service";

/** Returns the 10 new recovery codes (every earlier one stops working): the only time they are shown. */
export function regenerateRecoveryCodesHandler({ ctx, input }: { ctx: TRPCContext & { session: Session }; input: RegenerateRecoveryCodesInput }) {
  return regenerateRecoveryCodes(identityDeps(ctx), ctx.session.userId, input.code);
}
