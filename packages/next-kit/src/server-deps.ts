import "server-only";

import type { createTRPCContext } from "@bazaar/api/server";
import { createDb } from "@bazaar/db";
import { createLogger } from "@bazaar/observability";
import { Redis } from "ioredis";

/** Everything createTRPCContext needs besides the request: one set per server process. */
export type ServerDeps = Omit<Parameters<typeof createTRPCContext>[0], "headers">;

export interface ServerDepsOptions {
  /** Names the process in logs and in pg_stat_activity, e.g. `web`. */
  service: string;
  databaseUrl: string;
  redisUrl: string;
}

const store = globalThis as typeof globalThis & { bazaarServerDeps?: ServerDeps };

/**
 * The database pool, Redis connection and logger, created on first request and then shared. They hang
 * off globalThis because Next evaluates server modules once per bundle layer (route handlers, server
 * components) and again on every dev reload; a module-level singleton would open a pool each time.
 * Nothing connects at import, so `next build` never touches PostgreSQL or Redis.
 */
export function getServerDeps({ service, databaseUrl, redisUrl }: ServerDepsOptions): ServerDeps {
  store.bazaarServerDeps ??= {
    db: createDb({ url: databaseUrl, applicationName: service }),
    redis: new Redis(redisUrl, {
      lazyConnect: true,
      // A request waiting on a dead Redis should fail fast and let readiness report it, not hang.
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
    }),
    logger: createLogger(service),
  };
  return store.bazaarServerDeps;
}
