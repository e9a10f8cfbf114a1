import type { Db } from "@bazaar/db";
import { TRPCError } from "@trpc/server";
import type { Redis } from "ioredis";
import { createCaller } from "../root";
import type { Session } from "../session";
import { createTRPCContext } from "../trpc";
import { quietLogger } from "./quiet-logger";

/** The real router with a session handed to it (verifying credentials is identity's concern). */
export function callerFactory(db: Db, redis: Redis, service = "api-test") {
  const logger = quietLogger(service);
  return async (userId: string | null, tenantId?: string, platformRole: Session["platformRole"] = "NONE") => {
    const headers: Record<string, string> = tenantId ? { "x-tenant-id": tenantId } : {};
    const ctx = await createTRPCContext({ headers, db, redis, logger, rateLimiter: null });
    return createCaller({ ...ctx, session: userId ? { userId, platformRole } : null });
  };
}

/** The TRPCError a call was refused with; fails the test when it succeeded or threw something else. */
export async function refusal(promise: Promise<unknown>): Promise<TRPCError> {
  const outcome = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(outcome instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${outcome === null ? "success" : String(outcome)}`);
  return outcome;
}
