import { Prisma, type Tx } from "@bazaar/db";

export interface InboxEntry {
  eventId: string;
  topic: string;
  partition: number;
  offset: string;
}

/**
 * Records that `group` processed these events, inside the handler's transaction. Returns the ids that
 * were new; an id already present (a redelivery, or a replay of a handled event) is left out, and its
 * handler must not run. Concurrent inserts of one id by two members serialize on the primary key, so
 * exactly one of them sees it as new.
 */
export async function claimInbox(tx: Tx, group: string, entries: readonly InboxEntry[]): Promise<Set<string>> {
  if (entries.length === 0) return new Set();
  // inbox_events answers only to the consumer role (or platform context): set for this statement and
  // cleared at its end, so the handlers that run next in this transaction cannot read or change the
  // inbox. One statement: the role is set before the first row is inserted (the source's filter runs
  // per row, ahead of the insert and its row-security checks), and UNION ALL runs its branches in
  // order, so the reset comes after the insert (and its RETURNING) has run to completion.
  const rows = await tx.$queryRaw<{ event_id: string | null }[]>(Prisma.sql`
    WITH claimed AS (
      INSERT INTO inbox_events (consumer_group, event_id, topic, partition, "offset")
      SELECT ${group}, e.id, e.topic, e.partition, e.off
        FROM unnest(${entries.map((e) => e.eventId)}::uuid[], ${entries.map((e) => e.topic)}::text[],
                    ${entries.map((e) => e.partition)}::int[], ${entries.map((e) => e.offset)}::text[])
             AS e(id, topic, partition, off)
       WHERE set_config('app.role', 'consumer', true) = 'consumer'
      ON CONFLICT (consumer_group, event_id) DO NOTHING
      RETURNING event_id::text AS event_id)
    SELECT event_id, NULL AS reset FROM claimed
    UNION ALL
    SELECT NULL, set_config('app.role', '', true)`);
  return new Set(rows.flatMap((r) => (r.event_id === null ? [] : [r.event_id])));
}

/**
 * Scopes the rest of the transaction to one event's tenant (or to platform context for a tenant-less
 * event), exactly as `withTenant`/`asPlatform` in @bazaar/db do, so a handler's queries meet the same
 * row-level security as a request for that tenant. Several events share one transaction, so this runs
 * again whenever the tenant changes.
 */
export async function scopeToTenant(tx: Tx, tenantId: string | null): Promise<void> {
  if (tenantId) {
    await tx.$executeRaw`SELECT set_config('app.tenant_id', ${tenantId.toLowerCase()}, true), set_config('app.platform', 'off', true)`;
  } else {
    await tx.$executeRaw`SELECT set_config('app.platform', 'on', true), set_config('app.tenant_id', '', true)`;
  }
}
