import { z } from "zod";

/**
 * Connection settings shared by every process. Each process validates the environment once at start
 * (zod) and fails with a message naming every bad variable, instead of failing later on first use.
 */
export const baseEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  LOG_LEVEL: z.enum(["error", "warn", "info", "debug"]).default("info"),
  DATABASE_URL: z.url().default("postgresql://bazaar_app:bazaar_app@127.0.0.1:5432/bazaar"),
  DATABASE_OWNER_URL: z.url().default("postgresql://bazaar_owner:bazaar_owner@127.0.0.1:5432/bazaar"),
  REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
  KAFKA_BROKERS: z
    .string()
    .default("127.0.0.1:9092")
    .transform((s) => s.split(",").map((b) => b.trim()).filter(Boolean)),
  KAFKA_CLIENT_ID: z.string().default("bazaar"),
  OPENSEARCH_URL: z.url().default("http://127.0.0.1:9200"),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  /** Where development and test processes keep this installation's generated secrets (dev-secrets.ts). */
  BAZAAR_DEV_SECRETS_FILE: z.string().min(1).optional(),
});

export type BaseEnv = z.infer<typeof baseEnvSchema>;

export class EnvError extends Error {
  constructor(readonly issues: z.core.$ZodIssue[]) {
    super(
      "Invalid environment:\n" +
        issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`).join("\n"),
    );
    this.name = "EnvError";
  }
}

/** Parse `source` (default: process.env) with `schema`, throwing an EnvError that lists every problem. */
export function parseEnv<S extends z.ZodType>(schema: S, source: Record<string, string | undefined> = process.env): z.infer<S> {
  const result = schema.safeParse(source);
  if (!result.success) throw new EnvError(result.error.issues);
  return result.data;
}

let cached: BaseEnv | undefined;
/** The validated base environment of this process, parsed on first use. */
export function baseEnv(): BaseEnv {
  cached ??= parseEnv(baseEnvSchema);
  return cached;
}
