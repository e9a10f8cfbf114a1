import { baseEnvSchema, parseEnv } from "@bazaar/config";
import { z } from "zod";

export const searchEnvSchema = baseEnvSchema.extend({
  /**
   * Prepended to every index and alias name (`<prefix>products` → `<prefix>products_v<N>`), so several
   * environments, and every test run, share one OpenSearch without seeing each other's documents.
   */
  SEARCH_INDEX_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]*$/, "lower-case letters, digits, _ and -")
    .default("bazaar_"),
  /** Per OpenSearch request; a slower answer counts as a failure of the circuit breaker. */
  SEARCH_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(2_500),
  /** How long the breaker stays open before letting one trial request through. */
  SEARCH_BREAKER_RESET_MS: z.coerce.number().int().min(100).max(300_000).default(5_000),
  /**
   * How long a listing without text (a category or store page, with its facet counts) is reused in
   * process after it was asked for (result-cache.ts). 0 = no reuse; identical concurrent requests are
   * still coalesced. The default keeps a listing within the freshness goal (a change searchable < 1 s).
   */
  SEARCH_LISTING_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
});

export type SearchEnv = z.infer<typeof searchEnvSchema>;

let cached: SearchEnv | undefined;
export function searchEnv(): SearchEnv {
  cached ??= parseEnv(searchEnvSchema);
  return cached;
}
