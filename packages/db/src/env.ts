import { baseEnvSchema, parseEnv } from "@bazaar/config";
import { z } from "zod";

/** What this package reads from the environment; parsed once, on first use. */
export const dbEnvSchema = baseEnvSchema
  .pick({ NODE_ENV: true, DATABASE_URL: true, DATABASE_OWNER_URL: true })
  .extend({
    /** Connections per process. Several processes share one server (max_connections 200 here). */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    /**
     * Prefix of the databases integration tests create (`<prefix>_<suffix>`). Unset: a prefix unique to
     * the test process, so concurrent runs never share a database.
     */
    TEST_DATABASE_PREFIX: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, "lower-case letters, digits and _, at most 40")
      .optional(),
  });

export type DbEnv = z.infer<typeof dbEnvSchema>;

let cached: DbEnv | undefined;
export function dbEnv(): DbEnv {
  cached ??= parseEnv(dbEnvSchema, process.env);
  return cached;
}
