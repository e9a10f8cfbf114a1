// Shared set-up for the identity integration tests: a fresh migrated database, a Redis connection whose
// keys carry a per-run prefix (so buckets, codes and counters never meet another run's), and in-process
// callers built through the real createTRPCContext (bearer tokens verified by the real resolver).
import { randomBytes } from "node:crypto";
import { baseEnv } from "@bazaar/config";
import { notificationsEnv } from "@bazaar/notifications";
import { asPlatform, createDb, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { createLogger } from "@bazaar/observability";
import { TRPCError } from "@trpc/server";
import { Redis } from "ioredis";
import { createCaller } from "../root";
import type { Session } from "../session";
import { waitForUrls } from "../testing/wait-for";
import { createTRPCContext } from "../trpc";

export interface CallerOptions {
  /** An access token, sent as `authorization: Bearer`. */
  bearer?: string;
  /** A session handed over as is (RBAC tests; skips token verification). */
  session?: Session | null;
  /**
   * The TCP peer, as the standalone server would pass it. Default: a random documentation address per
   * call, so tests that are not about rate limits or address rules never share an address bucket.
   */
  address?: string;
  headers?: Record<string, string>;
  /** Pins the time the identity services stamp expiries with. */
  clock?: () => Date;
}

export interface IdentityHarness {
  db: Db;
  redis: Redis;
  database: TestDatabase;
  runId: string;
  caller(options?: CallerOptions): Promise<ReturnType<typeof createCaller>>;
  /** Row counts of every table a procedure of this domain may write. */
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export async function startIdentityHarness(suffix: string, options: { poolSize?: number } = {}): Promise<IdentityHarness> {
  await waitForUrls(baseEnv().DATABASE_URL, baseEnv().REDIS_URL, notificationsEnv().SMTP_URL);
  const runId = randomBytes(4).toString("hex");
  const database = await createTestDatabase(testDatabaseName(suffix));
  const db = createDb({ url: database.url, poolSize: options.poolSize ?? 6, applicationName: `identity-test-${suffix}` });
  const redis = new Redis(baseEnv().REDIS_URL, { maxRetriesPerRequest: 1, keyPrefix: `test:${suffix}:${runId}:` });
  const logger = createLogger("api", { level: "error" });
  return {
    db,
    redis,
    database,
    runId,
    async caller(options = {}) {
      const headers: Record<string, string> = { "user-agent": "identity-test", ...options.headers };
      if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
      const ctx = await createTRPCContext({ headers, db, redis, logger, peerAddress: options.address ?? randomTestAddress(), clock: options.clock });
      return createCaller(options.session === undefined ? ctx : { ...ctx, session: options.session });
    },
    async counts() {
      return asPlatform(db, async (tx) => ({
        users: await tx.user.count(),
        sessions: await tx.userSession.count(),
        refreshTokens: await tx.refreshToken.count(),
        secondFactors: await tx.userSecondFactor.count(),
        recoveryCodes: await tx.recoveryCode.count(),
        flags: await tx.identityFlag.count(),
        outbox: await tx.outboxEvent.count(),
      }));
    },
    async close() {
      redis.disconnect();
      await db.$disconnect();
      await database.drop();
    },
  };
}

/** An address in TEST-NET-2 (RFC 5737), which never routes anywhere. */
export function randomTestAddress(): string {
  return `198.51.100.${1 + Math.floor(Math.random() * 254)}`;
}

/** The TRPCError a call failed with (fails the test when it did not fail). */
export async function trpcErrorOf(promise: Promise<unknown>): Promise<TRPCError> {
  const outcome = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  if (!(outcome instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${outcome === null ? "success" : String(outcome)}`);
  return outcome;
}

/** The six-digit code in a message body. */
export function codeIn(text: string): string {
  const match = /\b(\d{6})\b/.exec(text);
  if (!match?.[1]) throw new Error(`no six-digit code in: ${text}`);
  return match[1];
}

/** Addresses and numbers unique to this run, so Mailpit and the SMS log can be searched by recipient. */
export function uniqueEmail(runId: string, name: string): string {
  return `${name}.${runId}@identity.test`;
}

export function uniquePhone(): string {
  return `+4477${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
}
