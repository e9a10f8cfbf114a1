import { execFileSync } from "node:child_process";

import type { FullConfig } from "@playwright/test";

import type { BazaarE2EMetadata } from "./playwright-preset";

/**
 * Playwright global setup of a run with a database of its own (defineNextAppE2EConfig `database`):
 * drops, creates and migrates it, and loads the demo data when asked. The app's server is already up (Playwright starts web servers first)
 * but has not connected yet: it opens its pool on the first request.
 */
export default function globalSetup(config: FullConfig): void {
  const { bazaarDatabaseEnv: env, bazaarSeed } = config.metadata as BazaarE2EMetadata;
  if (!env) return;
  const run = (script: string) => execFileSync("pnpm", ["--filter", "@bazaar/db", script], { env: { ...process.env, ...env }, stdio: "inherit" });
  run("reset");
  if (bazaarSeed) run("seed");
}
