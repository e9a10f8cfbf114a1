import { baseEnvSchema, parseEnv } from "@bazaar/config";
import { z } from "zod";

const origin = z.url().transform((u) => new URL(u).origin);

export const apiEnvSchema = baseEnvSchema.extend({
  API_HOST: z.string().default("127.0.0.1"),
  API_PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  /** Browser origins allowed to call the API with credentials; anything else gets no CORS headers. */
  WEB_ORIGIN: origin.default("http://127.0.0.1:3000"),
  ADMIN_ORIGIN: origin.default("http://127.0.0.1:3001"),
  /** How long SIGTERM waits for in-flight requests before closing their sockets. */
  API_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  API_MAX_BODY_BYTES: z.coerce.number().int().min(1_024).default(1_048_576),
});

export type ApiEnv = z.infer<typeof apiEnvSchema>;

let cached: ApiEnv | undefined;
export function apiEnv(): ApiEnv {
  cached ??= parseEnv(apiEnvSchema, process.env);
  return cached;
}
