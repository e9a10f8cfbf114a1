import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { MigrationError } from "./errors";

// Applies prisma/migrations/*/migration.sql without Prisma's schema engine (which cannot be downloaded
// here) and records them exactly as `prisma migrate deploy` would, so both tools can take turns on one
// database. docs/decisions/0002-sql-migrations.md has the reasoning.

export const MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations/", import.meta.url));

/** Prisma Migrate's own advisory lock key: holding it keeps `prisma migrate deploy` out while we run. */
export const MIGRATE_LOCK_KEY = 72707369;

// Prisma's DDL, column for column (schema-engine's postgres flavour), so Prisma reads our history.
const MIGRATIONS_TABLE_DDL = `
CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  /** Folder name, `<timestamp>_<name>`; also the order of application. */
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateOptions {
  /** Connection URL of the owner role; its database is created when missing. */
  ownerUrl: string;
  migrationsDir?: string;
  /** How long to wait for another migrator holding the lock. */
  lockTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface MigrateResult {
  database: string;
  createdDatabase: boolean;
  applied: string[];
  alreadyApplied: string[];
}

/** SHA-256 of the script, lower-case hex: the value Prisma stores in `_prisma_migrations.checksum`. */
export function migrationChecksum(script: string): string {
  return createHash("sha256").update(script, "utf8").digest("hex");
}

/** Prisma accepts either line-ending convention, since git may rewrite them on checkout. */
export function checksumMatches(script: string, checksum: string): boolean {
  return [script, script.replaceAll("\r\n", "\n"), script.replaceAll("\n", "\r\n")].some(
    (variant) => migrationChecksum(variant) === checksum,
  );
}

export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const lock = await readFile(path.join(dir, "migration_lock.toml"), "utf8").catch(() => undefined);
  const provider = lock?.match(/^provider\s*=\s*"([^"]*)"/m)?.[1];
  if (provider !== "postgresql") {
    throw new MigrationError(`${dir}/migration_lock.toml must say provider = "postgresql" (found ${provider})`);
  }
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8").catch((cause: unknown) => {
        throw new MigrationError(`${name} has no readable migration.sql`, name, { cause });
      });
      return { name, sql, checksum: migrationChecksum(sql) };
    }),
  );
}

export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  if (!name) throw new MigrationError(`connection URL names no database: ${redact(url)}`);
  return name;
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

async function withMaintenanceClient<T>(ownerUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(ownerUrl, "postgres"), application_name: "bazaar-migrate" });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates the URL's database unless it exists. Returns whether it created it. */
export async function ensureDatabase(ownerUrl: string): Promise<boolean> {
  const name = databaseName(ownerUrl);
  return withMaintenanceClient(ownerUrl, async (client) => {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      return true;
    } catch (error) {
      // Another migrator created it between our check and our CREATE: duplicate_database, or (when the
      // two CREATEs overlap) unique_violation on pg_database, raised only once the other one committed.
      const code = (error as { code?: string }).code;
      if (code === "42P04" || code === "23505") return false;
      throw error;
    }
  });
}

/** Drops the URL's database. Fails while other roles' sessions are still connected to it. */
export async function dropDatabase(ownerUrl: string): Promise<void> {
  const name = databaseName(ownerUrl);
  await withMaintenanceClient(ownerUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
  });
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

function checkHistory(rows: AppliedRow[], files: MigrationFile[]): Set<string> {
  const byName = new Map(files.map((f) => [f.name, f]));
  const done = new Set<string>();
  for (const row of rows) {
    if (row.rolled_back_at) continue;
    if (!row.finished_at) {
      throw new MigrationError(
        `${row.migration_name} started but never finished (a failed \`prisma migrate deploy\`?). ` +
          "Repair the database, then mark it with `prisma migrate resolve`.",
        row.migration_name,
      );
    }
    const file = byName.get(row.migration_name);
    if (!file) {
      throw new MigrationError(`${row.migration_name} is applied but its folder is missing`, row.migration_name);
    }
    if (!checksumMatches(file.sql, row.checksum)) {
      throw new MigrationError(
        `${row.migration_name} was edited after it was applied; add a new migration instead`,
        row.migration_name,
      );
    }
    done.add(row.migration_name);
  }
  return done;
}

async function applyOne(client: pg.Client, migration: MigrationFile): Promise<void> {
  await client.query("BEGIN");
  try {
    const id = randomUUID();
    await client.query(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, clock_timestamp(), 0)`,
      [id, migration.checksum, migration.name],
    );
    // No parameters: pg uses the simple query protocol, which runs a multi-statement script.
    await client.query(migration.sql);
    await client.query(
      "UPDATE _prisma_migrations SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1",
      [id],
    );
    await client.query("COMMIT");
  } catch (cause) {
    await client.query("ROLLBACK").catch(() => undefined);
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new MigrationError(`${migration.name} failed and was rolled back: ${detail}`, migration.name, { cause });
  } finally {
    // A script's SET (search_path, timeouts...) must not leak into the next migration.
    await client.query("RESET ALL").catch(() => undefined);
  }
}

/**
 * Creates the database if needed, then applies every pending migration, each in its own transaction,
 * under Prisma's advisory lock. Refuses to run when history and files disagree.
 */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const { ownerUrl, log = () => undefined } = options;
  const files = await readMigrations(options.migrationsDir);
  const database = databaseName(ownerUrl);
  const createdDatabase = await ensureDatabase(ownerUrl);
  if (createdDatabase) log(`created database ${database}`);

  const client = new pg.Client({ connectionString: ownerUrl, application_name: "bazaar-migrate" });
  await client.connect();
  try {
    await client.query(`SET lock_timeout = ${Math.trunc(options.lockTimeoutMs ?? 60_000)}`);
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATE_LOCK_KEY]).catch((cause: unknown) => {
      if ((cause as { code?: string }).code !== "55P03") throw cause;
      throw new MigrationError(`another migration run (ours or Prisma's) still holds the lock on ${database}`, undefined, { cause });
    });
    await client.query("RESET lock_timeout");
    await client.query(MIGRATIONS_TABLE_DDL);
    const history = await client.query<AppliedRow>(
      "SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY started_at",
    );
    const done = checkHistory(history.rows, files);
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file.name)) continue;
      const started = performance.now();
      await applyOne(client, file);
      applied.push(file.name);
      log(`applied ${file.name} (${Math.round(performance.now() - started)} ms)`);
    }
    return { database, createdDatabase, applied, alreadyApplied: [...done] };
  } finally {
    // Ending the session releases the advisory lock even if this unlock cannot be sent.
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATE_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

/** Drops, recreates and migrates the database: for tests and local development only. */
export async function resetDatabase(options: MigrateOptions): Promise<MigrateResult> {
  await dropDatabase(options.ownerUrl);
  return migrate(options);
}
