import type { Db } from "@bazaar/db";
import type { Logger } from "@bazaar/observability";
import type { Redis } from "ioredis";
import { identityConfig, type IdentityConfig } from "./identity.config";
import { defaultIdentityNotifier, type IdentityNotifier } from "./identity.notifier";
import type { ClientInfo } from "./sessions.service";

/** What identity services are handed: storage, configuration, the notifier and a logger. */
export interface IdentityDeps {
  db: Db;
  redis: Redis;
  config: IdentityConfig;
  notifier: IdentityNotifier;
  logger: Logger;
  /** Now, for expiries stamped on sessions and tokens. */
  clock: () => Date;
}

interface ContextLike {
  db: Db;
  redis: Redis;
  logger: Logger;
  clientAddress: string | null;
  userAgent: string | null;
  clock?: () => Date;
}

export function identityDeps(ctx: ContextLike): IdentityDeps {
  return { db: ctx.db, redis: ctx.redis, config: identityConfig(), notifier: defaultIdentityNotifier(ctx.db, ctx.logger), logger: ctx.logger, clock: ctx.clock ?? (() => new Date()) };
}

export function clientInfo(ctx: ContextLike, deviceId?: string | null): ClientInfo {
  return { deviceId: deviceId ?? null, ipAddress: ctx.clientAddress, userAgent: ctx.userAgent };
}
