import type { Session } from "../session";
import type { TRPCContext } from "../trpc";
import type { ChangePasswordInput } from "./change-password.schema";
import { clientInfo, identityDeps } from "./identity.deps";
import { changePassword } from "./password-change.service";

export function changePasswordHandler({ ctx, input }: { ctx: TRPCContext & { session: Session }; input: ChangePasswordInput }) {
  return changePassword(identityDeps(ctx), ctx.session, input, clientInfo(ctx));
}
