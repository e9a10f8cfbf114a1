// Helpers for integration tests in any package: `import { createTestDatabase } from "@bazaar/db/testing"`.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { dbEnv } from "./env";
import { databaseName, dropDatabase, resetDatabase, withDatabase } from "./migrator";

export interface TestDatabase {
  name: string;
  /** For the runtime role (bazaar_app): pass to createDb({ url }). */
  url: string;
  /** For the owner role: migrations, and checks that must look past row-level security. */
  ownerUrl: string;
  /** Drops the database. Disconnect every client of it first. */
  drop(): Promise<void>;
}

const runPrefix = `bazaar_test_${process.pid}_${randomBytes(3).toString("hex")}`;

/**
 * `<prefix>_<suffix>`: the prefix is TEST_DATABASE_PREFIX when set (a developer's own, reused each run),
 * else unique to this process, so parallel runs and other engineers' runs never meet.
 */
export function testDatabaseName(suffix: string): string {
  const name = `${dbEnv().TEST_DATABASE_PREFIX ?? runPrefix}_${suffix}`.toLowerCase();
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a usable database name: ${name}`);
  return name;
}

/**
 * A fresh database with every migration applied (dropped first if it exists), on the server and with the
 * credentials of DATABASE_URL / DATABASE_OWNER_URL.
 */
export async function createTestDatabase(name: string): Promise<TestDatabase> {
  const env = dbEnv();
  const ownerUrl = withDatabase(env.DATABASE_OWNER_URL, name);
  const url = withDatabase(env.DATABASE_URL, name);
  if (databaseName(ownerUrl) !== name) throw new Error(`not a usable database name: ${name}`);
  await resetDatabase({ ownerUrl });
  return { name, url, ownerUrl, drop: () => dropDatabase(ownerUrl) };
}

/**
 * A pool of the owner role in platform context, for tests that observe rows past row-level security
 * (outbox_events and inbox_events force RLS on their owner too). `pool.end()` resolves once it has let
 * its clients go, before their connections have closed; when the database is then dropped WITH
 * (FORCE), a backend still closing is terminated and its client, no longer the pool's, would raise the
 * server's "terminating connection" as an uncaught error. Connection-level errors of these clients are
 * therefore ignored; a failing query still rejects its own promise.
 */
export function ownerPool(ownerUrl: string, max = 2): pg.Pool {
  const pool = new pg.Pool({ connectionString: ownerUrl, max, options: "-c app.platform=on" });
  pool.on("connect", (client) => client.on("error", () => undefined));
  pool.on("error", () => undefined);
  return pool;
}
