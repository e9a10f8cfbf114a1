import { readiness } from "@bazaar/observability";
import type { TRPCContext } from "../trpc";
import { dependencyChecks } from "./checks";

export function readyHandler({ ctx }: { ctx: TRPCContext }) {
  return readiness({ service: "api", checks: dependencyChecks(ctx), checkTimeoutMs: 2_000 });
}
