import { Prisma, type Tx } from "@bazaar/db";
import { findContract, type DomainEvent, type EventOf } from "./contracts/registry";
import { createEvent, type NewEvent } from "./event";
import { traceHeaders } from "./trace";

/** The channel the relay LISTENs on; enqueue notifies it so the relay wakes at commit, not at its next poll. */
export const OUTBOX_CHANNEL = "bazaar_outbox";

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
export async function enqueue<I extends NewEvent>(tx: Tx, input: I): Promise<EventOf<I["type"]>> {
  const [event] = await enqueueMany(tx, [input]);
  return event as EventOf<I["type"]>;
}

/** `enqueue` for several events in one statement; they get consecutive positions in the given order. */
export async function enqueueMany(tx: Tx, inputs: readonly NewEvent[]): Promise<DomainEvent[]> {
  // Validate everything before writing anything: one bad event leaves the transaction untouched.
  const events = inputs.map((input) => createEvent(input) as DomainEvent);
  if (events.length === 0) return [];
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
  // WITH ORDINALITY + ORDER BY keeps position order equal to argument order. A data-modifying CTE always
  // runs, so the insert and the NOTIFY (delivered at commit) cost one round trip.
  await tx.$executeRaw(Prisma.sql`
    WITH ins AS (
      INSERT INTO outbox_events (event_id, topic, key, type, tenant_id, envelope, headers)
      SELECT e.id, e.topic, e.key, e.type, e.tenant_id, e.envelope::jsonb, e.headers::jsonb
      FROM unnest(${ids}::uuid[], ${topics}::text[], ${keys}::text[], ${types}::text[], ${tenants}::uuid[],
                  ${envelopes}::text[], ${headers}::text[])
           WITH ORDINALITY AS e(id, topic, key, type, tenant_id, envelope, headers, n)
      ORDER BY e.n
      RETURNING 1
    )
    SELECT pg_notify(${OUTBOX_CHANNEL}, '') FROM (SELECT count(*) FROM ins) AS c`);
  return events;
}
