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
  // cleared after it, so the handlers that run next in this transaction cannot read or change the inbox.
  await tx.$executeRaw`SELECT set_config('app.role', 'consumer', true)`;
  const rows = await tx.$queryRaw<{ event_id: string }[]>(Prisma.sql`
    INSERT INTO inbox_events (consumer_group, event_id, topic, partition, "offset")
    SELECT ${group}, e.id, e.topic, e.partition, e.off
      FROM unnest(${entries.map((e) => e.eventId)}::uuid[], ${entries.map((e) => e.topic)}::text[],
                  ${entries.map((e) => e.partition)}::int[], ${entries.map((e) => e.offset)}::text[])
           AS e(id, topic, partition, off)
    ON CONFLICT (consumer_group, event_id) DO NOTHING
    RETURNING event_id::text AS event_id`);
  await tx.$executeRaw`SELECT set_config('app.role', '', true)`;
  return new Set(rows.map((r) => r.event_id));
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
