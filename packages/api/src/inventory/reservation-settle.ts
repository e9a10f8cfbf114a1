import { Prisma, type Tx } from "@bazaar/db";
import { enqueueMany } from "@bazaar/events";
import { ConflictError, NotFoundError } from "../errors";
import { movementsInsert } from "./stock-guards";

// Ending a reservation: release (cancel), expiry (the sweeper) and commit (sale). Each locks the group
// row first, so a release racing the sweeper or a second commit waits and then finds it settled.

export type ReservationStatus = "ACTIVE" | "RELEASED" | "EXPIRED" | "CONSUMED";
type Outcome = Exclude<ReservationStatus, "ACTIVE">;

export interface GroupRow {
  id: string;
  status: ReservationStatus;
  reference: string | null;
  expires_at: Date;
  created_at: Date;
  released_at: Date | null;
  consumed_at: Date | null;
}

export interface LineRow {
  id: string;
  variant_id: string;
  location_id: string;
  quantity: number;
  status: ReservationStatus;
}

export function groupView(group: GroupRow, lines: readonly LineRow[]) {
  return {
    id: group.id,
    status: group.status,
    reference: group.reference,
    expiresAt: group.expires_at,
    createdAt: group.created_at,
    releasedAt: group.released_at,
    consumedAt: group.consumed_at,
    lines: lines.map((l) => ({ reservationId: l.id, variantId: l.variant_id, locationId: l.location_id, quantity: l.quantity })),
  };
}

const groupColumns = "id, status::text AS status, reference, expires_at, created_at, released_at, consumed_at";

async function linesOf(tx: Tx, groupId: string): Promise<LineRow[]> {
  return tx.$queryRaw<LineRow[]>`
    SELECT id, variant_id, location_id, quantity, status::text AS status FROM stock_reservations
     WHERE group_id = ${groupId}::uuid ORDER BY variant_id, location_id`;
}

export async function loadGroup(
  tx: Tx,
  tenantId: string,
  by: { id: string } | { idempotencyKey: string },
  lock = false,
): Promise<{ group: GroupRow; lines: LineRow[] } | null> {
  const where = "id" in by ? `id = $2::uuid` : `idempotency_key = $2`;
  const rows = await tx.$queryRawUnsafe<GroupRow[]>(
    `SELECT ${groupColumns} FROM stock_reservation_groups WHERE tenant_id = $1::uuid AND ${where}${lock ? " FOR UPDATE" : ""}`,
    tenantId,
    "id" in by ? by.id : by.idempotencyKey,
  );
  const group = rows[0];
  if (!group) return null;
  return { group, lines: await linesOf(tx, group.id) };
}

const eventType = {
  RELEASED: "inventory.reservation.released",
  EXPIRED: "inventory.reservation.expired",
  CONSUMED: "inventory.reservation.committed",
} as const;

/**
 * Gives the units of `lines` back to their levels (RELEASED, EXPIRED) or takes them off on hand too
 * (CONSUMED). Summed per level and applied in (tenant, variant, location) order: the order every writer
 * locks levels in (a checkout reserves its sellers in tenant order, each seller's lines in variant
 * order), so settling many groups of several sellers cannot deadlock with a reservation.
 */
async function returnUnits(tx: Tx, lines: readonly (LineRow & { tenantId: string })[], sale: boolean): Promise<void> {
  const perLevel = new Map<string, { variantId: string; locationId: string; quantity: number }>();
  for (const l of lines) {
    const key = `${l.tenantId}/${l.variant_id}/${l.location_id}`;
    const entry = perLevel.get(key) ?? { variantId: l.variant_id, locationId: l.location_id, quantity: 0 };
    entry.quantity += l.quantity;
    perLevel.set(key, entry);
  }
  for (const [key, level] of [...perLevel].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const count = await tx.$executeRaw`
      UPDATE stock_levels SET reserved = reserved - ${level.quantity}, on_hand = on_hand - ${sale ? level.quantity : 0},
             version = version + 1, updated_at = now()
       WHERE variant_id = ${level.variantId}::uuid AND location_id = ${level.locationId}::uuid AND reserved >= ${level.quantity}`;
    // Unreachable while every change goes through this service; the ledger check would name it.
    if (count !== 1) throw new Error(`stock level ${key} does not hold the units reserved on it`);
  }
}

/** Moves locked ACTIVE groups (with their lines) to `outcome`: levels, statuses, one ledger row per line, one event per group. */
async function applySettlement(
  tx: Tx,
  actorId: string | null,
  groups: readonly { tenantId: string; group: GroupRow; lines: LineRow[] }[],
  outcome: Outcome,
  now: Date,
) {
  const sale = outcome === "CONSUMED";
  await returnUnits(tx, groups.flatMap((g) => g.lines.map((l) => ({ ...l, tenantId: g.tenantId }))), sale);
  const ids = groups.map((g) => g.group.id);
  const timeColumn = Prisma.raw(sale ? "consumed_at" : "released_at");
  const movements = groups.flatMap(({ tenantId, lines }) =>
    lines.map((l) => ({
      tenantId,
      variantId: l.variant_id,
      locationId: l.location_id,
      kind: sale ? ("SALE" as const) : ("RELEASE" as const),
      onHandDelta: sale ? -l.quantity : 0,
      reservedDelta: -l.quantity,
      reservationId: l.id,
      reason: outcome === "EXPIRED" ? "expired" : null,
      actorId,
    })),
  );
  // The lines' and groups' statuses and the ledger rows in one statement (every data-modifying CTE runs
  // to completion whether or not the query reads it).
  await tx.$executeRaw`
    WITH l AS (UPDATE stock_reservations SET status = ${outcome}::"ReservationStatus", ${timeColumn} = ${now} WHERE group_id = ANY(${ids}::uuid[])),
         g AS (UPDATE stock_reservation_groups SET status = ${outcome}::"ReservationStatus", ${timeColumn} = ${now} WHERE id = ANY(${ids}::uuid[]))
    ${movementsInsert(movements)}`;
  await enqueueMany(
    tx,
    groups.map(({ tenantId, group, lines }) => ({
      type: eventType[outcome],
      version: 1 as const,
      tenantId,
      aggregateId: group.id,
      payload: {
        tenantId,
        groupId: group.id,
        reference: group.reference,
        lines: lines.map((l) => ({ reservationId: l.id, variantId: l.variant_id, locationId: l.location_id, quantity: l.quantity })),
        actorId,
      },
    })),
  );
  return groups.map(({ group, lines }) => groupView({ ...group, status: outcome, ...(sale ? { consumed_at: now } : { released_at: now }) }, lines));
}

export async function settleGroup(tx: Tx, tenantId: string, actorId: string | null, groupId: string, outcome: "RELEASED" | "CONSUMED", now: Date) {
  const [settled] = await settleGroups(tx, actorId, [{ tenantId, groupId }], outcome, now);
  return settled!;
}

/**
 * `settleGroup` for several groups (any tenants the transaction sees) in one go: the checkout saga
 * sells every seller's reservation of a checkout with one lock, one read of the lines and one write of
 * each kind instead of one set per seller. All or nothing: any group that cannot be settled throws.
 * Answers in the order asked.
 */
export async function settleGroups(
  tx: Tx,
  actorId: string | null,
  refs: readonly { tenantId: string; groupId: string }[],
  outcome: "RELEASED" | "CONSUMED",
  now: Date,
): Promise<ReturnType<typeof groupView>[]> {
  if (refs.length === 0) return [];
  const ids = refs.map((r) => r.groupId);
  // Locked in id order, so two callers settling overlapping sets cannot deadlock on each other; the
  // lines come with their group in the same statement.
  const rows = await tx.$queryRawUnsafe<(GroupRow & { tenant_id: string; lines: LineRow[] })[]>(
    `WITH g AS (SELECT ${groupColumns}, tenant_id FROM stock_reservation_groups WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE)
     SELECT g.*, COALESCE((SELECT json_agg(json_build_object('id', r.id, 'variant_id', r.variant_id, 'location_id', r.location_id, 'quantity', r.quantity,
                                                             'status', r.status) ORDER BY r.variant_id, r.location_id)
                             FROM stock_reservations r WHERE r.group_id = g.id), '[]') AS lines
       FROM g`,
    ids,
  );
  const found = refs.map(({ tenantId, groupId }) => {
    const group = rows.find((g) => g.id === groupId && g.tenant_id === tenantId);
    if (!group) throw new NotFoundError("reservation", { reservationId: groupId });
    const { tenant_id: _tenant, lines, ...row } = group;
    return { tenantId, group: row, lines };
  });
  const pending = [];
  for (const f of found) {
    const { group } = f;
    if (group.status !== "ACTIVE") {
      const settledAlready = outcome === "RELEASED" ? group.status === "RELEASED" || group.status === "EXPIRED" : group.status === "CONSUMED";
      if (settledAlready) continue;
      throw new ConflictError(`the reservation is ${group.status.toLowerCase()}`, { reservationId: group.id, status: group.status });
    }
    if (outcome === "CONSUMED" && group.expires_at <= now) {
      throw new ConflictError("the reservation has expired", { reservationId: group.id, status: "EXPIRED", expiresAt: group.expires_at.toISOString() });
    }
    pending.push(f);
  }
  const settled = pending.length > 0 ? await applySettlement(tx, actorId, pending, outcome, now) : [];
  return found.map((f) => settled.find((s) => s.id === f.group.id) ?? groupView(f.group, f.lines));
}

/**
 * Expires up to `limit` ACTIVE groups past their expiry, any tenant (platform context). SKIP LOCKED
 * lets several sweepers share the work: each group is claimed by exactly one, and a group being
 * released or committed right now is left to that call.
 */
export async function expireDueReservations(tx: Tx, options: { now?: Date; limit?: number } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const due = await tx.$queryRawUnsafe<(GroupRow & { tenant_id: string })[]>(
    `SELECT ${groupColumns}, tenant_id FROM stock_reservation_groups
      WHERE status = 'ACTIVE' AND expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    now,
    options.limit ?? 100,
  );
  if (due.length === 0) return 0;
  const groups = [];
  for (const group of due) groups.push({ tenantId: group.tenant_id, group, lines: await linesOf(tx, group.id) });
  await applySettlement(tx, null, groups, "EXPIRED", now);
  return due.length;
}
