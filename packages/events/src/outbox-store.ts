import pg from "pg";
import { OUTBOX_CHANNEL } from "./outbox";

/** One unpublished outbox row as the relay reads it. */
export interface OutboxRow {
  position: string;
  eventId: string;
  /** Logical topic; the relay adds the environment's prefix. */
  topic: string;
  key: string;
  type: string;
  /** The envelope's JSON text, sent as the record value. */
  envelope: string;
  headers: Record<string, string>;
  createdAt: Date;
}

/**
 * What the relay needs from outbox storage. Leadership and reads share one session so that losing the
 * session (and with it the lock) also stops this relay's reads and writes.
 */
export interface OutboxStore {
  connect(): Promise<void>;
  close(): Promise<void>;
  /** Non-blocking: true when this store now holds (or already held) the single-relay lock. */
  tryAcquireLeadership(): Promise<boolean>;
  /** Resolves on a new-row notification, after `timeoutMs`, or when `signal` aborts. */
  waitForWork(timeoutMs: number, signal: AbortSignal): Promise<void>;
  /** Oldest unpublished rows first, in commit-independent `position` order. */
  fetchUnpublished(limit: number): Promise<OutboxRow[]>;
  markPublished(positions: readonly string[]): Promise<void>;
  /** Deletes published rows older than `cutoff`, at most `limit`; returns how many. */
  deletePublishedBefore(cutoff: Date, limit: number): Promise<number>;
}

export interface PgOutboxStoreOptions {
  connectionString: string;
  /** pg advisory-lock key that elects the single active relay of a database. */
  lockKey?: bigint;
  /** `mark` keeps rows (published_at set) until cleanup; `delete` removes them at once. */
  onPublished?: "mark" | "delete";
  applicationName?: string;
}

// "outbox!!" as a 64-bit integer: any stable constant that no other advisory lock in the database uses.
export const DEFAULT_RELAY_LOCK_KEY = 0x6f7574626f782121n;

export function createPgOutboxStore(options: PgOutboxStoreOptions): OutboxStore {
  const lockKey = (options.lockKey ?? DEFAULT_RELAY_LOCK_KEY).toString();
  const onPublished = options.onPublished ?? "mark";
  let client: pg.Client | undefined;
  let leader = false;
  let wake: (() => void) | undefined;
  let pendingNotify = false;

  const session = (): pg.Client => {
    if (!client) throw new Error("outbox store is not connected");
    return client;
  };

  return {
    async connect() {
      const c = new pg.Client({
        connectionString: options.connectionString,
        application_name: options.applicationName ?? "outbox-relay",
        // TCP keepalive so a silently dead session (and its lock) is noticed, not waited on forever.
        keepAlive: true,
      });
      c.on("notification", () => {
        pendingNotify = true;
        wake?.();
      });
      // An 'error' event without a listener would crash the process; the next query fails instead and the
      // relay reconnects.
      c.on("error", () => undefined);
      await c.connect();
      // This session is the relay's alone (never pooled), so its role is set once for its lifetime:
      // outbox_events shows and lets change its rows only to app.role 'relay' (or platform context).
      // A plain SET after connecting, not a startup option, so it also passes a connection proxy.
      await c.query("SELECT set_config('app.role', 'relay', false)");
      client = c;
      leader = false;
    },

    async close() {
      const c = client;
      client = undefined;
      leader = false;
      wake?.();
      // Ending the session releases the advisory lock, which wakes the standby relay.
      if (c) await c.end().catch(() => undefined);
    },

    async tryAcquireLeadership() {
      if (leader) return true;
      const c = session();
      const res = await c.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1::bigint) AS locked", [lockKey]);
      leader = res.rows[0]?.locked === true;
      if (leader) await c.query(`LISTEN ${OUTBOX_CHANNEL}`);
      return leader;
    },

    waitForWork(timeoutMs, signal) {
      if (pendingNotify || signal.aborted) {
        pendingNotify = false;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener("abort", done);
          wake = undefined;
          pendingNotify = false;
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        signal.addEventListener("abort", done, { once: true });
        wake = done;
      });
    },

    async fetchUnpublished(limit) {
      // A notification that arrives while this query runs is for rows it may not see; keep it pending
      // only if it arrives after, so clear first.
      pendingNotify = false;
      const res = await session().query<{
        position: string;
        event_id: string;
        topic: string;
        key: string;
        type: string;
        envelope: string;
        headers: Record<string, string>;
        created_at: Date;
      }>(
        `SELECT position::text AS position, event_id::text AS event_id, topic, key, type,
                envelope::text AS envelope, headers, created_at
           FROM outbox_events
          WHERE published_at IS NULL
          ORDER BY outbox_events.position -- the table's bigint, not the text alias above
          LIMIT $1`,
        [limit],
      );
      return res.rows.map((r) => ({
        position: r.position,
        eventId: r.event_id,
        topic: r.topic,
        key: r.key,
        type: r.type,
        envelope: r.envelope,
        headers: r.headers,
        createdAt: r.created_at,
      }));
    },

    async markPublished(positions) {
      if (positions.length === 0) return;
      const sql =
        onPublished === "delete"
          ? "DELETE FROM outbox_events WHERE position = ANY($1::bigint[])"
          : "UPDATE outbox_events SET published_at = now() WHERE position = ANY($1::bigint[])";
      await session().query(sql, [positions]);
    },

    async deletePublishedBefore(cutoff, limit) {
      const res = await session().query(
        `DELETE FROM outbox_events
          WHERE position IN (SELECT position FROM outbox_events
                              WHERE published_at IS NOT NULL AND published_at < $1
                              ORDER BY published_at LIMIT $2)`,
        [cutoff, limit],
      );
      return res.rowCount ?? 0;
    },
  };
}
