// The real API server (standalone HTTP adapter, full middleware stack) over a fresh migrated database
// and a Redis key space of its own (the identity integration tests' harness).
import { asPlatform } from "../../packages/db/src/tenant-context";
import { createLogger } from "../../packages/observability/src/index";
import { createApiServer, type ApiServer } from "../../packages/api/src/http/api-server";
import { startIdentityHarness, type IdentityHarness } from "../../packages/api/src/identity/identity.testing";
import { hashPassword } from "../../packages/api/src/identity/password";
import { rateLimitPolicies, type RateLimitPolicies } from "../../packages/api/src/security/rate-limit";
import { RateLimiter } from "../../packages/api/src/security/rate-limiter";

export const PASSWORD = "benchmark password 1";

export interface BenchHarness {
  identity: IdentityHarness;
  /** Rate limiting on, with buckets too large to refuse anything: its cost is measured, not its refusals. */
  limited: { api: ApiServer; url: string };
  /** The same server with the rate-limit middleware switched off. */
  unlimited: { api: ApiServer; url: string };
  emails: string[];
  close(): Promise<void>;
}

const roomy = { burst: 1e9, perSecond: 1e9 };

export async function startBench(users: number): Promise<BenchHarness> {
  const identity = await startIdentityHarness("bench_auth", { poolSize: 16 });
  const logger = createLogger("api", { level: "error" });
  const policies = rateLimitPolicies(roomy);
  for (const name of Object.keys(policies) as (keyof RateLimitPolicies)[]) policies[name] = { address: roomy, account: roomy };

  // Users are inserted directly with one real argon2id hash (the stated cost): sign-up is not measured.
  const passwordHash = await hashPassword(PASSWORD);
  const emails = Array.from({ length: users }, (_, i) => `bench-user-${i}@bench.test`);
  // users is under row-level security: the bench creates its accounts as the platform.
  await asPlatform(identity.db, (tx) => tx.user.createMany({ data: emails.map((email, i) => ({ email, name: `Bench ${i}`, passwordHash })) }));

  const deps = { db: identity.db, redis: identity.redis, logger, allowedOrigins: [] };
  const limitedApi = createApiServer({ ...deps, rateLimiter: new RateLimiter(identity.redis, policies) });
  const unlimitedApi = createApiServer({ ...deps, rateLimiter: null });
  const limited = { api: limitedApi, url: (await limitedApi.listen(0)).url };
  const unlimited = { api: unlimitedApi, url: (await unlimitedApi.listen(0)).url };
  return {
    identity,
    limited,
    unlimited,
    emails,
    async close() {
      await limitedApi.close(1_000);
      await unlimitedApi.close(1_000);
      await identity.close();
    },
  };
}
