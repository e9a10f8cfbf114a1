import { parseEnv } from "@bazaar/config";
import { z } from "zod";

export const reviewsWorkersEnvSchema = z.object({
  /** The seller dashboard (apps/admin); the new-review mail links to its reviews page. */
  ADMIN_URL: z.url({ protocol: /^https?$/ }).default("http://127.0.0.1:3001"),
});

let cached: z.infer<typeof reviewsWorkersEnvSchema> | undefined;
export function reviewsWorkersEnv() {
  cached ??= parseEnv(reviewsWorkersEnvSchema, process.env);
  return cached;
}
