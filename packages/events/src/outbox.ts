import { Prisma, type Tx } from "@bazaar/db";
import { findContract, type DomainEvent, type EventOf } from "./contracts/registry";
import { createEvent, type NewEvent } from "./event";
import { traceHeaders } from "./trace";

/**
 * The channel the relay LISTENs on. Enqueue does not notify by default: a NOTIFY inside a transaction
 * makes PostgreSQL serialize the commits of all notifying transactions (one WAL flush at a time), which
 * caps the whole platform's write rate at about 1/fsync; the relay's adaptive polling keeps latency low
 * instead. `{ notify: true }` is for rare flows that want the relay woken at commit after a quiet spell.
 */
export const OUTBOX_CHANNEL = "bazaar_outbox";

/**
 * First half of the two-int advisory lock that serializes one aggregate's writers ("outb"). The two-int
 * form is a separate lock space from the relay's single-bigint leadership lock, so they never collide.
 */
export const OUTBOX_KEY_LOCK_CLASS = 0x6f757462;

export interface EnqueueOptions {
  notify?: boolean;
}

/** Headers stored with the row and sent with the record, so tools can route without parsing the value. */
export function eventHeaders(event: DomainEvent): Record<string, string> {
  return {
    ...traceHeaders(event.trace),
    "x-event-id": event.id,
    "x-event-type": event.type,
    "x-event-version": String(event.version),
  };
}

/**
 * Writes the event into outbox_events inside the caller's transaction, so it is published if and only
 * if the change it announces commits. Throws InvalidEventError (and writes nothing) when the event does
 * not satisfy its contract. Returns the full envelope.
 */
export async function enqueue<I extends NewEvent>(tx: Tx, input: I, options: EnqueueOptions = {}): Promise<EventOf<I["type"]>> {
  const [event] = await enqueueMany(tx, [input], options);
  return event as EventOf<I["type"]>;
}

/** Events enqueued inside `deferOutbox(tx, ...)`, written when it ends (per transaction object). */
const deferred = new WeakMap<Tx, { events: DomainEvent[]; notify: boolean }>();

/**
 * Runs `fn`, collecting every event it enqueues on `tx`, and writes them all in one statement when it
 * returns, still inside the transaction (a checkout's CONFIRM enqueued three times; decision 0031). The
 * events keep their order; their keys are locked then, together, until commit, which keeps per key
 * position order = commit order. If `fn` throws nothing is written (the transaction rolls back anyway).
 * Nested calls on one transaction join the outer one.
 */
export async function deferOutbox<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  if (deferred.has(tx)) return fn();
  const batch = { events: [] as DomainEvent[], notify: false };
  deferred.set(tx, batch);
  let result: T;
  try {
    result = await fn();
  } finally {
    deferred.delete(tx);
  }
  await writeEvents(tx, batch.events, { notify: batch.notify });
  return result;
}

/** `enqueue` for several events in one statement; they get consecutive positions in the given order. */
export async function enqueueMany(tx: Tx, inputs: readonly NewEvent[], options: EnqueueOptions = {}): Promise<DomainEvent[]> {
  // Validate everything before writing anything: one bad event leaves the transaction untouched.
  const events = inputs.map((input) => createEvent(input) as DomainEvent);
  const batch = deferred.get(tx);
  if (batch) {
    batch.events.push(...events);
    batch.notify ||= options.notify === true;
    return events;
  }
  await writeEvents(tx, events, options);
  return events;
}

async function writeEvents(tx: Tx, events: readonly DomainEvent[], options: EnqueueOptions): Promise<void> {
  if (events.length === 0) return;
  const ids: string[] = [];
  const topics: string[] = [];
  const keys: string[] = [];
  const types: string[] = [];
  const tenants: (string | null)[] = [];
  const envelopes: string[] = [];
  const headers: string[] = [];
  for (const e of events) {
    ids.push(e.id);
    topics.push(findContract(e.type, e.version)!.topic);
    keys.push(e.aggregate.id);
    types.push(e.type);
    tenants.push(e.tenantId);
    envelopes.push(JSON.stringify(e));
    headers.push(JSON.stringify(eventHeaders(e)));
  }
  // Positions come from a sequence at insert, but the relay can only see rows once they commit. Two
  // writers of one aggregate could take positions 10 and 11 and commit 11 first; the relay would then
  // publish 11 before 10. A transaction-level lock per (topic, key), held until commit, makes a second
  // writer of that key wait before it takes a position, so per key position order is commit order.
  // Keys are locked in hash order so two multi-key calls cannot deadlock on each other; unrelated keys
  // that share a hash only wait for each other. See docs/decisions/0014-outbox-key-lock.md.
  // One statement (a round trip per enqueue is what a checkout pays eight times): the locks are an
  // uncorrelated subquery in WHERE, which PostgreSQL runs once as a one-time filter before the first
  // row is produced, so every key is locked before any position is drawn. WITH ORDINALITY + ORDER BY:
  // positions are taken in argument order.
  await tx.$executeRaw(Prisma.sql`
    INSERT INTO outbox_events (event_id, topic, key, type, tenant_id, envelope, headers)
    SELECT e.id, e.topic, e.key, e.type, e.tenant_id, e.envelope::jsonb, e.headers::jsonb
      FROM unnest(${ids}::uuid[], ${topics}::text[], ${keys}::text[], ${types}::text[], ${tenants}::uuid[],
                  ${envelopes}::text[], ${headers}::text[])
           WITH ORDINALITY AS e(id, topic, key, type, tenant_id, envelope, headers, n)
     WHERE (SELECT count(pg_advisory_xact_lock(${OUTBOX_KEY_LOCK_CLASS}::int4, l.h))
              FROM (SELECT DISTINCT hashtext(t || '/' || k) AS h
                      FROM unnest(${topics}::text[], ${keys}::text[]) AS u(t, k)
                     ORDER BY 1) AS l) >= 0
     ORDER BY e.n`);
  if (options.notify) await tx.$executeRaw`SELECT pg_notify(${OUTBOX_CHANNEL}, '')`;
}
