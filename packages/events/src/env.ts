import { baseEnvSchema, parseEnv } from "@bazaar/config";
import { z } from "zod";

const eventsEnvSchema = baseEnvSchema
  .pick({ NODE_ENV: true, DATABASE_URL: true, DATABASE_OWNER_URL: true, KAFKA_BROKERS: true, KAFKA_CLIENT_ID: true })
  .extend({
    /** 1 on the single-broker dev cluster, 3 on the 3-broker KRaft cluster. */
    KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(5).default(1),
    /** Prepended to every physical topic name; lets tests and parallel environments share one cluster. */
    KAFKA_TOPIC_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9._-]*$/, "only letters, digits, '.', '_' and '-'")
      .default(""),
    OUTBOX_RELAY_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
    /** Longest wait between two looks at an idle outbox (the relay polls adaptively below it). */
    OUTBOX_RELAY_POLL_MS: z.coerce.number().int().min(5).default(200),
    /** The Kafka Connect worker's REST API (`infra env` prints it); the CDC connector is registered there. */
    CONNECT_URL: z.url().default("http://127.0.0.1:8083"),
    /** The REPLICATION role Debezium logs in as; its database part names the captured database. */
    DATABASE_REPLICATION_URL: z.url().default("postgresql://bazaar_replicator:bazaar_replicator@127.0.0.1:5432/bazaar"),
  });

export type EventsEnv = z.infer<typeof eventsEnvSchema>;

let cached: EventsEnv | undefined;
export function eventsEnv(): EventsEnv {
  cached ??= parseEnv(eventsEnvSchema, process.env);
  return cached;
}

/** The private three-broker cluster of replication.int.test.ts (cluster-harness.ts). */
const threeBrokerEnvSchema = z.object({
  /** Broker N listens on KAFKA3_PORT+N-1; keep the range off the shared cluster's 9092-9094. */
  KAFKA3_PORT: z.coerce.number().int().min(1024).max(65_000).default(29_092),
  // Below Linux's ephemeral range (32768-60999): a broker dialling a controller that is not listening yet
  // can be handed that very port as its source port and connect to itself, and the controller then
  // cannot bind it ("Address already in use"). 39092 failed a CI run that way.
  KAFKA3_CONTROLLER_PORT: z.coerce.number().int().min(1024).max(65_000).default(29_192),
  /** Where the cluster's storage, logs and PID files live (git-ignored); default .data/kafka3-it. */
  KAFKA3_DIR: z.string().min(1).optional(),
  KAFKA3_START_TIMEOUT: z.coerce.number().int().min(10).default(150),
});

export function threeBrokerEnv(): z.infer<typeof threeBrokerEnvSchema> {
  return parseEnv(threeBrokerEnvSchema, process.env);
}

/** This process's environment plus `overrides`, for a child process (infra/bin/infra needs PATH, HOME ...). */
export function childEnv(overrides: Record<string, string>): Record<string, string | undefined> {
  return { ...process.env, ...overrides };
}
