import type { TRPCContext } from "../trpc";
import { clientInfo, identityDeps } from "./identity.deps";
import type { LoginInput } from "./login.schema";
import { login } from "./login.service";

export function loginHandler({ ctx, input }: { ctx: TRPCContext; input: LoginInput }) {
  return login(identityDeps(ctx), input, clientInfo(ctx, input.deviceId));
}
