import type { Db } from "@bazaar/db";
import { createLogger } from "@bazaar/observability";
import { TRPCError, type AnyRouter } from "@trpc/server";
import type { Redis } from "ioredis";
import type { Session } from "../session";
import { createCallerFactory, createTRPCContext } from "../trpc";

export interface ProcedureCall {
  router: AnyRouter;
  /** Dotted path, e.g. `stores.create`. */
  path: string;
  session: Session | null;
  tenantId?: string | undefined;
  input?: unknown;
  db: Db;
  redis: Redis;
}

/**
 * Calls one procedure by its path through the real context, for tests that walk the router; the
 * outcome is "ok" or the TRPCError it refused with (anything else is rethrown).
 */
export async function callProcedure(call: ProcedureCall): Promise<TRPCError | "ok"> {
  const headers: Record<string, string> = call.tenantId ? { "x-tenant-id": call.tenantId } : {};
  // Rate limiting off: hundreds of calls by the same few users would otherwise run the buckets dry.
  const ctx = await createTRPCContext({ headers, db: call.db, redis: call.redis, logger: createLogger("api", { level: "error" }), rateLimiter: null });
  const caller = createCallerFactory(call.router)({ ...ctx, session: call.session }) as Record<string, unknown>;
  const fn = call.path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input: unknown) => Promise<unknown>;
  try {
    await fn(call.input);
    return "ok";
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
}
