import type { TRPCContext } from "../trpc";
import { identityDeps } from "./identity.deps";
import type { RefreshInput } from "./refresh.schema";
import { rotateRefreshToken } from "./sessions.service";

export function refreshHandler({ ctx, input }: { ctx: TRPCContext; input: RefreshInput }) {
  const deps = identityDeps(ctx);
  return rotateRefreshToken(deps.db, deps.redis, deps.config, input.refreshToken, deps.clock());
}
