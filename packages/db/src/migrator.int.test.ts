import { appendFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dbEnv } from "./env";
import { MigrationError } from "./errors";
import { dropDatabase, MIGRATE_LOCK_KEY, MIGRATIONS_DIR, migrate, readMigrations, withDatabase } from "./migrator";
import { testDatabaseName } from "./testing";

// The migrator's own guarantees: safe when started twice at once, all-or-nothing per migration, and
// unwilling to run over a history that no longer matches the files.

const databases: string[] = [];
const dirs: string[] = [];

function ownerUrlFor(suffix: string): string {
  const url = withDatabase(dbEnv().DATABASE_OWNER_URL, testDatabaseName(suffix));
  databases.push(url);
  return url;
}

async function copyOfMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "bazaar-migrations-"));
  dirs.push(dir);
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

let fileNames: string[];
beforeAll(async () => {
  fileNames = (await readMigrations()).map((f) => f.name);
});

afterAll(async () => {
  for (const url of databases) await dropDatabase(url);
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("migrate", () => {
  it("creates the database and applies each migration exactly once when two runs race", async () => {
    const url = ownerUrlFor("db_mig_race");
    await dropDatabase(url);
    const [one, two] = await Promise.all([migrate({ ownerUrl: url }), migrate({ ownerUrl: url })]);
    expect([...one.applied, ...two.applied].sort()).toEqual(fileNames);
    expect([one.applied.length, two.applied.length].sort()).toEqual([0, fileNames.length]);
    const rows = await query<{ migration_name: string }>(url, "SELECT migration_name FROM _prisma_migrations");
    expect(rows.map((r) => r.migration_name).sort()).toEqual(fileNames);
  });

  it("rolls a failing migration back completely and records nothing for it", async () => {
    const url = ownerUrlFor("db_mig_fail");
    const dir = await copyOfMigrations();
    await mkdir(path.join(dir, "29990101000000_broken"));
    await writeFile(
      path.join(dir, "29990101000000_broken", "migration.sql"),
      'CREATE TABLE "half_done" (id int);\nSELECT 1 / 0;\n',
    );
    await expect(migrate({ ownerUrl: url, migrationsDir: dir })).rejects.toThrow(/29990101000000_broken failed and was rolled back: division by zero/);
    expect(await query(url, "SELECT to_regclass('half_done') AS t")).toEqual([{ t: null }]);
    const rows = await query<{ migration_name: string }>(url, "SELECT migration_name FROM _prisma_migrations");
    expect(rows.map((r) => r.migration_name).sort()).toEqual(fileNames);

    await writeFile(path.join(dir, "29990101000000_broken", "migration.sql"), 'CREATE TABLE "half_done" (id int);\n');
    expect((await migrate({ ownerUrl: url, migrationsDir: dir })).applied).toEqual(["29990101000000_broken"]);
  });

  it("refuses a history whose applied migration was edited or removed", async () => {
    const url = ownerUrlFor("db_mig_edit");
    const dir = await copyOfMigrations();
    await migrate({ ownerUrl: url, migrationsDir: dir });

    const first = path.join(dir, fileNames[0]!, "migration.sql");
    const original = await readFile(first, "utf8");
    // Line endings rewritten by git are not an edit (Prisma accepts both too).
    await writeFile(first, original.replaceAll("\n", "\r\n"));
    expect((await migrate({ ownerUrl: url, migrationsDir: dir })).applied).toEqual([]);

    await appendFile(first, "\n-- sneaky edit\n");
    await expect(migrate({ ownerUrl: url, migrationsDir: dir })).rejects.toThrow(/was edited after it was applied/);

    await writeFile(first, original);
    await rm(path.join(dir, fileNames.at(-1)!), { recursive: true });
    const missing = migrate({ ownerUrl: url, migrationsDir: dir });
    await expect(missing).rejects.toBeInstanceOf(MigrationError);
    await expect(missing).rejects.toThrow(/is applied but its folder is missing/);
  });

  it("waits for Prisma's advisory lock and gives up with a clear error", async () => {
    const url = ownerUrlFor("db_mig_lock");
    await migrate({ ownerUrl: url });
    const holder = new pg.Client(url);
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock($1)", [MIGRATE_LOCK_KEY]);
      await expect(migrate({ ownerUrl: url, lockTimeoutMs: 200 })).rejects.toThrow(/still holds the lock/);
    } finally {
      await holder.end();
    }
    expect((await migrate({ ownerUrl: url })).applied).toEqual([]);
  });
});
