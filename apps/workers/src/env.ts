import { baseEnvSchema, parseEnv } from "@bazaar/config";
import { z } from "zod";

export const workersEnvSchema = baseEnvSchema.extend({
  /** Comma-separated worker names from src/registry.ts hosted by this process. */
  WORKERS: z
    .string()
    .default("outbox-relay,audit-log,retention")
    .transform((s) => [...new Set(s.split(",").map((n) => n.trim()).filter(Boolean))]),
  /** Same variable the events package reads; also prefixes consumer group ids so environments never share a group. */
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9._-]*$/)
    .default(""),
  WORKERS_OPS_HOST: z.string().default("127.0.0.1"),
  WORKERS_OPS_PORT: z.coerce.number().int().min(0).max(65_535).default(4100),
  /** Time between two runs of the retention jobs (expired refresh tokens, old inbox and outbox rows). */
  RETENTION_INTERVAL_MS: z.coerce.number().int().min(1_000).default(3_600_000),
  /**
   * Checkout sagas run at once per partition, and partitions consumed at once, by the checkout-saga
   * worker (docs/decisions/0027). A saga mostly waits (PostgreSQL, the provider), so it is latency that
   * caps throughput; the process's DATABASE_POOL_SIZE should be about partitions × (1 + concurrency/2).
   */
  CHECKOUT_SAGA_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  CHECKOUT_SAGA_PARTITIONS: z.coerce.number().int().min(1).max(64).default(6),
  /** Hard limit for a graceful stop (finishing in-flight batches and committing offsets). */
  WORKERS_SHUTDOWN_DEADLINE_MS: z.coerce.number().int().min(1_000).default(30_000),
});

export type WorkersEnv = z.infer<typeof workersEnvSchema>;

let cached: WorkersEnv | undefined;
export function workersEnv(): WorkersEnv {
  cached ??= parseEnv(workersEnvSchema, process.env);
  return cached;
}
