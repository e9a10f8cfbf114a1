import type { TestDatabase } from "@bazaar/db/testing";
import pg from "pg";

/**
 * Drops a test database once every runtime-role session to it has really gone. `$disconnect()` resolves
 * when the pool's sockets close, a moment before the server's backends exit; DROP DATABASE ... WITH (FORCE)
 * run by the owner role then fails trying to terminate a backend of another role. Bounded poll, then drop.
 */
export async function dropWhenIdle(database: TestDatabase, timeoutMs = 15_000): Promise<void> {
  const maintenance = new URL(database.ownerUrl);
  maintenance.pathname = "/postgres";
  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND usename <> current_user",
        [database.name],
      );
      if (rows[0]!.n === 0 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await client.end();
  }
  await database.drop();
}
