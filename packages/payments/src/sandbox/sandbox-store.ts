import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";

// The sandbox's own durable state in one SQLite file (Node's built-in node:sqlite, no native addon):
// resources as JSON documents, idempotency records, events and their pending deliveries, and timers of
// the late processor. Every write is synchronous and the process is single-threaded, so one request's
// changes are atomic with respect to every other request; a SIGKILL loses at most the request in flight.

export interface DeliveryRow {
  id: number;
  event_id: string;
  attempts: number;
  next_attempt_at: number;
  state: "pending" | "delivered" | "failed";
  last_status: number | null;
  last_error: string | null;
  delivered_at: number | null;
}

export interface IdempotencyRow {
  key: string;
  fingerprint: string;
  status: number | null;
  body: string | null;
}

export interface TimerRow {
  id: number;
  intent_id: string;
  kind: string;
  due_at: number;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS resources (id TEXT PRIMARY KEY, kind TEXT NOT NULL, doc TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS idempotency (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, status INTEGER, body TEXT, created_at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, body TEXT NOT NULL, created_at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL REFERENCES events(id), attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL, state TEXT NOT NULL DEFAULT 'pending', last_status INTEGER, last_error TEXT, delivered_at INTEGER);
  CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries(state, next_attempt_at);
  CREATE TABLE IF NOT EXISTS timers (id INTEGER PRIMARY KEY AUTOINCREMENT, intent_id TEXT NOT NULL, kind TEXT NOT NULL, due_at INTEGER NOT NULL, done INTEGER NOT NULL DEFAULT 0);
`;

export class SandboxStore {
  private readonly db: DatabaseSync;

  constructor(path: string) {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.db = new DatabaseSync(path);
    this.db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;");
    this.db.exec(SCHEMA);
  }

  close(): void {
    this.db.close();
  }

  /** Runs `fn` in one SQLite transaction (BEGIN IMMEDIATE ... COMMIT). */
  tx<T>(fn: () => T): T {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const result = fn();
      this.db.exec("COMMIT");
      return result;
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
  }

  get<T>(id: string): T | undefined {
    const row = this.db.prepare("SELECT doc FROM resources WHERE id = ?").get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }

  put(id: string, kind: string, doc: unknown): void {
    this.db.prepare("INSERT INTO resources (id, kind, doc) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc").run(id, kind, JSON.stringify(doc));
  }

  list<T>(kind: string): T[] {
    return (this.db.prepare("SELECT doc FROM resources WHERE kind = ? ORDER BY rowid").all(kind) as { doc: string }[]).map((r) => JSON.parse(r.doc) as T);
  }

  idempotency(key: string): IdempotencyRow | undefined {
    return this.db.prepare("SELECT key, fingerprint, status, body FROM idempotency WHERE key = ?").get(key) as IdempotencyRow | undefined;
  }

  /** Claims a key for a request in flight; false when someone holds it already. */
  claimIdempotency(key: string, fingerprint: string, now: number): boolean {
    const r = this.db.prepare("INSERT INTO idempotency (key, fingerprint, created_at) VALUES (?, ?, ?) ON CONFLICT(key) DO NOTHING").run(key, fingerprint, now);
    return r.changes === 1;
  }

  completeIdempotency(key: string, status: number, body: string): void {
    this.db.prepare("UPDATE idempotency SET status = ?, body = ? WHERE key = ?").run(status, body, key);
  }

  releaseIdempotency(key: string): void {
    this.db.prepare("DELETE FROM idempotency WHERE key = ? AND status IS NULL").run(key);
  }

  /** Keys whose request died with the process: they would otherwise answer "in use" forever. */
  releaseUnfinishedIdempotency(): void {
    this.db.exec("DELETE FROM idempotency WHERE status IS NULL");
  }

  insertEvent(id: string, body: string, now: number): void {
    this.db.prepare("INSERT INTO events (id, body, created_at) VALUES (?, ?, ?)").run(id, body, now);
  }

  eventBody(id: string): string | undefined {
    return (this.db.prepare("SELECT body FROM events WHERE id = ?").get(id) as { body: string } | undefined)?.body;
  }

  eventIds(): string[] {
    return (this.db.prepare("SELECT id FROM events ORDER BY created_at, rowid").all() as { id: string }[]).map((r) => r.id);
  }

  scheduleDelivery(eventId: string, at: number): void {
    this.db.prepare("INSERT INTO deliveries (event_id, next_attempt_at) VALUES (?, ?)").run(eventId, at);
  }

  dueDeliveries(now: number, limit: number): DeliveryRow[] {
    return this.db
      .prepare("SELECT * FROM deliveries WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?")
      .all(now, limit) as unknown as DeliveryRow[];
  }

  pendingDeliveries(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM deliveries WHERE state = 'pending'").get() as { n: number }).n;
  }

  markDelivered(id: number, status: number, now: number): void {
    this.db.prepare("UPDATE deliveries SET state = 'delivered', attempts = attempts + 1, last_status = ?, delivered_at = ? WHERE id = ?").run(status, now, id);
  }

  markAttemptFailed(id: number, status: number | null, error: string, nextAt: number | null): void {
    this.db
      .prepare("UPDATE deliveries SET attempts = attempts + 1, last_status = ?, last_error = ?, next_attempt_at = coalesce(?, next_attempt_at), state = CASE WHEN ? IS NULL THEN 'failed' ELSE 'pending' END WHERE id = ?")
      .run(status, error.slice(0, 500), nextAt, nextAt, id);
  }

  /** With the event's type and the PaymentIntent it is about (a charge names its intent). */
  deliveries(): (DeliveryRow & { type: string; payment_intent: string | null })[] {
    return this.db
      .prepare(
        `SELECT d.*, json_extract(e.body, '$.type') AS type,
                coalesce(json_extract(e.body, '$.data.object.payment_intent'),
                         CASE json_extract(e.body, '$.data.object.object') WHEN 'payment_intent' THEN json_extract(e.body, '$.data.object.id') END) AS payment_intent
         FROM deliveries d JOIN events e ON e.id = d.event_id ORDER BY d.id`,
      )
      .all() as unknown as (DeliveryRow & { type: string; payment_intent: string | null })[];
  }

  addTimer(intentId: string, kind: string, dueAt: number): void {
    this.db.prepare("INSERT INTO timers (intent_id, kind, due_at) VALUES (?, ?, ?)").run(intentId, kind, dueAt);
  }

  dueTimers(now: number): TimerRow[] {
    return this.db.prepare("SELECT id, intent_id, kind, due_at FROM timers WHERE done = 0 AND due_at <= ? ORDER BY due_at").all(now) as unknown as TimerRow[];
  }

  finishTimer(id: number): void {
    this.db.prepare("UPDATE timers SET done = 1 WHERE id = ?").run(id);
  }
}
