// Shared set-up for the tenancy integration tests of this app: real PostgreSQL (a fresh database), Kafka
// (every event topic under a per-run prefix), Redis (keys under a per-run prefix) and the workers under
// test hosted in-process exactly as main.ts hosts them, plus in-process API callers built through the real
// createTRPCContext (bearer tokens checked by identity's real resolver).
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { createCaller, createTRPCContext, type Session } from "@bazaar/api/server";
import { createDb, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { createKafka, provisionTopics, resolveTopicSpecs, topicRegistry } from "@bazaar/events";
import { deleteTopicsWithPrefix, uniqueTopicPrefix } from "@bazaar/events/testing";
import { createLogger, type Logger } from "@bazaar/observability";
import { Redis } from "ioredis";
import type { Kafka } from "kafkajs";
import { workersEnv } from "../env";
import { createWorkerHost, type WorkerHost } from "../host";
import type { Worker, WorkerDeps } from "../worker";

export interface CallerOptions {
  bearer?: string;
  /** Handed over as is, skipping token verification. */
  session?: Session | null;
  tenantId?: string;
}

export interface TenancyHarness {
  db: Db;
  redis: Redis;
  kafka: Kafka;
  database: TestDatabase;
  deps: WorkerDeps;
  host: WorkerHost;
  runId: string;
  caller(options?: CallerOptions): Promise<ReturnType<typeof createCaller>>;
  close(): Promise<void>;
}

const silent = (): Logger => createLogger("tenancy-test", { level: "error", stream: new Writable({ write: (_c, _e, done) => done() }) });

/** Starts the harness; `workers` builds the workers to host from the shared deps and the harness's Redis. */
export async function startTenancyHarness(suffix: string, workers: (deps: WorkerDeps, redis: Redis) => Worker[]): Promise<TenancyHarness> {
  const runId = randomBytes(4).toString("hex");
  const logger = silent();
  const prefix = uniqueTopicPrefix(suffix);
  const kafka = createKafka({ logger });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await provisionTopics(admin, resolveTopicSpecs(topicRegistry, { prefix }));
  } finally {
    await admin.disconnect();
  }
  const database = await createTestDatabase(testDatabaseName(suffix));
  const db = createDb({ url: database.url, poolSize: 12, applicationName: `tenancy-test-${suffix}` });
  const redis = new Redis(workersEnv().REDIS_URL, { maxRetriesPerRequest: 1, keyPrefix: `test:${suffix}:${runId}:` });
  const deps: WorkerDeps = { db, kafka, logger, databaseUrl: database.url, naming: { prefix } };
  const host = createWorkerHost(workers(deps, redis), logger);
  await host.start();
  return {
    db,
    redis,
    kafka,
    database,
    deps,
    host,
    runId,
    async caller(options = {}) {
      const headers: Record<string, string> = { "user-agent": "tenancy-test" };
      if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
      if (options.tenantId) headers["x-tenant-id"] = options.tenantId;
      const ctx = await createTRPCContext({ headers, db, redis, logger, rateLimiter: null, peerAddress: "198.51.100.7" });
      return createCaller(options.session === undefined ? ctx : { ...ctx, session: options.session });
    },
    async close() {
      await host.stop();
      redis.disconnect();
      await db.$disconnect();
      await database.drop();
      await deleteTopicsWithPrefix(kafka, prefix);
    },
  };
}

export interface CallError {
  code: string;
  message: string;
  cause?: unknown;
}

/** The tRPC error a call failed with (fails the test when it did not fail). */
export async function trpcErrorOf(promise: Promise<unknown>): Promise<CallError> {
  const outcome = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error) || outcome.name !== "TRPCError") {
    throw new Error(`expected a TRPCError, got ${outcome === null ? "success" : String(outcome)}`);
  }
  return outcome as Error & CallError;
}
