import type { TRPCContext } from "../trpc";
import { clientInfo, identityDeps } from "./identity.deps";
import type { RegisterInput } from "./register.schema";
import { registerUser } from "./registration.service";

export function registerHandler({ ctx, input }: { ctx: TRPCContext; input: RegisterInput }) {
  return registerUser(identityDeps(ctx), input, clientInfo(ctx, input.deviceId));
}
