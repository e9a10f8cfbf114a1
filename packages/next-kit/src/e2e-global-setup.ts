import { execFileSync } from "node:child_process";

import type { FullConfig } from "@playwright/test";
import { Redis } from "ioredis";

import type { BazaarE2EMetadata } from "./playwright-preset";

/**
 * Playwright global setup of a run with state of its own (defineNextAppE2EConfig): empties the run's
 * Redis database (rate-limit buckets of the previous run would otherwise refuse this one's sign-ins),
 * and drops, creates and migrates its PostgreSQL database, loading the demo data when asked. The app's
 * server is already up (Playwright starts web servers first) but has not connected yet: it opens its
 * pool on the first request.
 */
export default async function globalSetup(config: FullConfig): Promise<void> {
  const { bazaarDatabaseEnv: env, bazaarSeed, bazaarRedisUrl } = config.metadata as BazaarE2EMetadata;
  if (bazaarRedisUrl) {
    const redis = new Redis(bazaarRedisUrl, { maxRetriesPerRequest: 1 });
    try {
      await redis.flushdb();
    } finally {
      await redis.quit();
    }
  }
  if (!env) return;
  const run = (script: string) => execFileSync("pnpm", ["--filter", "@bazaar/db", script], { env: { ...process.env, ...env }, stdio: "inherit" });
  run("reset");
  if (bazaarSeed) run("seed");
}
