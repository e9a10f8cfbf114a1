import type { Db } from "@bazaar/db";
import type { ReadinessCheck } from "@bazaar/observability";
import type { Redis } from "ioredis";

/** The dependencies without which the API cannot serve a request; shared by /ready and health.ready. */
export function dependencyChecks(deps: { db: Db; redis: Redis }): Record<string, ReadinessCheck> {
  return {
    postgres: async () => {
      await deps.db.$queryRaw`SELECT 1`;
    },
    redis: async () => {
      const reply = await deps.redis.ping();
      if (reply !== "PONG") throw new Error(`unexpected PING reply ${reply}`);
    },
  };
}
