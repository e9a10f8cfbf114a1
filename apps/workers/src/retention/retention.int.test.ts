import { randomUUID } from "node:crypto";
import { createDb, type Db } from "@bazaar/db";
import { createTestDatabase, ownerPool, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { INBOX_RETENTION_MS, OUTBOX_RETENTION_MS } from "@bazaar/events";
import { waitUntil } from "@bazaar/events/testing";
import { createLogger, metricsText } from "@bazaar/observability";
import type { Kafka } from "kafkajs";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRetentionWorker, runRetention } from "./retention.worker";

const logger = createLogger("retention-test", { level: "error" });
const DAY = 86_400_000;
let database: TestDatabase;
let db: Db;
let owner: pg.Pool;

beforeAll(async () => {
  database = await createTestDatabase(testDatabaseName("workers_retention"));
  db = createDb({ url: database.url, poolSize: 2 });
  // The seed and the checks see every row: outbox_events and inbox_events have forced RLS, which binds the
  // owner role too, so its session runs in platform context.
  owner = ownerPool(database.ownerUrl, 1);
});

afterAll(async () => {
  await db?.$disconnect();
  await owner?.end();
  await database?.drop();
});

const count = async (sql: string) => Number((await owner.query<{ n: string }>(sql)).rows[0]!.n);

/** One expired and one live row in each table the jobs clean, dated relative to `now`. */
async function seed(now: Date) {
  const at = (ms: number) => new Date(now.getTime() + ms);
  const user = (await owner.query<{ id: string }>(
    "INSERT INTO users (id, email, name, password_hash, updated_at) VALUES ($1, $2, 'r', 'x', now()) RETURNING id",
    [randomUUID(), `${randomUUID()}@retention.test`],
  )).rows[0]!.id;
  const session = (await owner.query<{ id: string }>(
    "INSERT INTO user_sessions (id, user_id, last_seen_at) VALUES ($1, $2, now()) RETURNING id",
    [randomUUID(), user],
  )).rows[0]!.id;
  for (const [label, expiresAt] of [["expired", at(-1)], ["live", at(DAY)]] as const) {
    await owner.query(
      "INSERT INTO refresh_tokens (id, token_hash, family_id, session_id, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      [randomUUID(), `${label}-${randomUUID()}`, randomUUID(), session, user, at(-2 * DAY), expiresAt],
    );
  }
  for (const processedAt of [at(-INBOX_RETENTION_MS - 1), at(-INBOX_RETENTION_MS + DAY)]) {
    await owner.query(
      "INSERT INTO inbox_events (consumer_group, event_id, topic, partition, \"offset\", processed_at) VALUES ('g', $1, 't', 0, '0', $2)",
      [randomUUID(), processedAt],
    );
  }
  // Old published, recent published, and old but unpublished (never deleted: the relay still owes it).
  for (const publishedAt of [at(-OUTBOX_RETENTION_MS - 1), at(-OUTBOX_RETENTION_MS + DAY), null]) {
    await owner.query(
      "INSERT INTO outbox_events (event_id, topic, key, type, envelope, headers, created_at, published_at) VALUES ($1, 't', 'k', 'x', '{}', '{}', $2, $3)",
      [randomUUID(), at(-30 * DAY), publishedAt],
    );
  }
}

describe("retention jobs", () => {
  it("delete what is past retention, keep the rest and unpublished outbox rows, and report it", async () => {
    const now = new Date("2026-06-01T00:00:00.000Z");
    await seed(now);
    const deleted = await runRetention(db, logger, { clock: () => now, batchSize: 1 });
    expect(deleted).toEqual({ "refresh-tokens": 1, inbox: 1, outbox: 1 });
    expect(await count("SELECT count(*) AS n FROM refresh_tokens WHERE token_hash LIKE 'live-%'")).toBe(1);
    expect(await count("SELECT count(*) AS n FROM refresh_tokens")).toBe(1);
    expect(await count("SELECT count(*) AS n FROM inbox_events")).toBe(1);
    expect(await count("SELECT count(*) AS n FROM outbox_events")).toBe(2);
    expect(await count("SELECT count(*) AS n FROM outbox_events WHERE published_at IS NULL")).toBe(1);
    const text = await metricsText();
    for (const job of ["refresh-tokens", "inbox", "outbox"]) {
      expect(text).toMatch(new RegExp(`^bazaar_retention_deleted_total\\{job="${job}"\\} [1-9]`, "m"));
      expect(text).toMatch(new RegExp(`^bazaar_retention_runs_total\\{job="${job}",outcome="ok"\\} [1-9]`, "m"));
      expect(text).toMatch(new RegExp(`^bazaar_retention_last_success_timestamp_seconds\\{job="${job}"\\} ${now.getTime() / 1000}`, "m"));
    }
  });

  it("runs as a worker: at start and again every interval, until stopped", async () => {
    const worker = createRetentionWorker(
      { db, logger, kafka: undefined as unknown as Kafka, naming: { prefix: "" }, databaseUrl: database.url },
      { intervalMs: 1_000 },
    );
    await worker.start();
    await worker.ready();
    await seed(new Date());
    // The seeded expired rows were written after the first run: a later scheduled run removes them.
    await waitUntil(async () => (await count("SELECT count(*) AS n FROM refresh_tokens WHERE token_hash LIKE 'expired-%'")) === 0, {
      description: "a scheduled retention run",
    });
    await worker.stop();
    await expect(worker.ready()).rejects.toThrow("retention worker is stopped");
  });
});
