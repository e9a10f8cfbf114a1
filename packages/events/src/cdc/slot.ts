import pg from "pg";

export interface SlotInfo {
  active: boolean;
  database: string;
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function slotInfo(replicationUrl: string, slotName: string): Promise<SlotInfo | undefined> {
  return withClient(replicationUrl, async (c) => {
    const r = await c.query<{ active: boolean; database: string }>("SELECT active, database FROM pg_replication_slots WHERE slot_name = $1", [slotName]);
    return r.rows[0];
  });
}

/**
 * Drops a connector's slot once its walsender has let go (after DELETE /connectors the task stops
 * asynchronously). A slot left behind pins WAL forever and keeps its database from being dropped, so a
 * test that registers a connector calls this before dropping its database. Bounded; no-op if absent.
 */
export async function dropSlot(replicationUrl: string, slotName: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await withClient(replicationUrl, async (c) => {
    for (;;) {
      const r = await c.query<{ active: boolean; active_pid: number | null }>(
        "SELECT active, active_pid FROM pg_replication_slots WHERE slot_name = $1",
        [slotName],
      );
      const slot = r.rows[0];
      if (!slot) return;
      if (!slot.active) {
        await c.query("SELECT pg_drop_replication_slot($1)", [slotName]);
        return;
      }
      if (Date.now() >= deadline) throw new Error(`replication slot ${slotName} still active (pid ${slot.active_pid}) after ${timeoutMs} ms`);
      await new Promise((res) => setTimeout(res, 200));
    }
  });
}
