import { randomUUID } from "node:crypto";
import { Prisma, type Tx } from "@bazaar/db";
import { enqueueMany } from "@bazaar/events";
import { ConflictError, DomainError, NotFoundError } from "../errors";
import type { ListReservationsInput, ReservationLineInput, ReserveInput } from "./inventory.schema";
import { settleGroup, settleGroups, type GroupRow, type LineRow, groupView, loadGroup } from "./reservation-settle";
import { knownVariants, lockVariantsForDecrease, lowStockEvents } from "./stock-guards";

// Reservations: units held for a checkout until they are committed (sold), released (cancelled) or
// expire. One `reserve` holds every line or none: each line is taken by ONE conditional UPDATE of its
// stock level, and any line that cannot be taken throws, rolling back the lines already taken.

export type ReservationView = ReturnType<typeof groupView>;

/** Not enough available for a line; CONFLICT naming the variant, so the caller can tell the shopper. */
export class InsufficientStockError extends DomainError {
  constructor(details: { variantId: string; locationId: string | null; requested: number }) {
    super("CONFLICT", "not enough stock available", { reason: "insufficient-stock", ...details });
    this.name = "InsufficientStockError";
  }
}

export interface ReserveOptions {
  /** The clock the expiry is counted from (tests); default now. */
  now?: Date;
}

interface TakenRow {
  location_id: string;
}

interface LineContext {
  tenantId: string;
  groupId: string;
  actorId: string | null;
  reference: string | null;
  expiresAt: Date;
  now: Date;
}

// "Any location": the candidate with most available is picked inside the UPDATE and re-checked on the
// locked row; when a concurrent reservation took it first, the statement is retried a bounded number
// of times with a fresh snapshot.
const ANY_LOCATION_ATTEMPTS = 4;

/**
 * One statement per line: the conditional UPDATE, and only when it took the units, the reservation
 * line and its RESERVATION ledger row. One round trip keeps the level's row lock (held to commit)
 * short, which is what bounds a hot variant's throughput. Returns the location taken from, or null.
 */
async function takeLine(tx: Tx, c: LineContext, line: ReservationLineInput, lineId: string): Promise<string | null> {
  const target = line.locationId
    ? Prisma.sql`sl.variant_id = ${line.variantId}::uuid AND sl.location_id = ${line.locationId}::uuid
                 AND EXISTS (SELECT 1 FROM stock_locations loc WHERE loc.id = sl.location_id AND loc.active)`
    : Prisma.sql`sl.id = (SELECT s.id FROM stock_levels s JOIN stock_locations loc ON loc.id = s.location_id AND loc.active
                           WHERE s.variant_id = ${line.variantId}::uuid AND s.on_hand - s.reserved >= ${line.quantity}
                           ORDER BY s.on_hand - s.reserved DESC, s.location_id LIMIT 1)`;
  const take = () => tx.$queryRaw<TakenRow[]>`
    WITH taken AS (
      UPDATE stock_levels sl SET reserved = sl.reserved + ${line.quantity}, version = sl.version + 1, updated_at = now()
       WHERE ${target} AND sl.on_hand - sl.reserved >= ${line.quantity}
      RETURNING sl.location_id),
    held AS (
      INSERT INTO stock_reservations (id, tenant_id, group_id, variant_id, location_id, quantity, status, reference, expires_at, created_at)
      SELECT ${lineId}::uuid, ${c.tenantId}::uuid, ${c.groupId}::uuid, ${line.variantId}::uuid, location_id, ${line.quantity}, 'ACTIVE',
             ${c.reference}, ${c.expiresAt}, ${c.now}
        FROM taken
      RETURNING location_id),
    ledger AS (
      INSERT INTO stock_movements (id, tenant_id, variant_id, location_id, kind, on_hand_delta, reserved_delta, reservation_id, actor_id)
      SELECT ${randomUUID()}::uuid, ${c.tenantId}::uuid, ${line.variantId}::uuid, location_id, 'RESERVATION', 0, ${line.quantity},
             ${lineId}::uuid, ${c.actorId}::uuid
        FROM held)
    SELECT location_id FROM taken`;
  if (line.locationId) return (await take())[0]?.location_id ?? null;
  for (let attempt = 0; attempt < ANY_LOCATION_ATTEMPTS; attempt++) {
    const rows = await take();
    if (rows[0]) return rows[0].location_id;
    const candidates = await tx.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM stock_levels s JOIN stock_locations loc ON loc.id = s.location_id AND loc.active
       WHERE s.variant_id = ${line.variantId}::uuid AND s.on_hand - s.reserved >= ${line.quantity}`;
    if (candidates[0]!.n === 0) return null;
  }
  return null;
}

function sameRequest(existing: { lines: LineRow[] }, input: ReserveInput): boolean {
  if (existing.lines.length !== input.lines.length) return false;
  return input.lines.every((line) => {
    const held = existing.lines.find((l) => l.variant_id === line.variantId);
    return held !== undefined && held.quantity === line.quantity && (!line.locationId || held.location_id === line.locationId);
  });
}

/**
 * Holds every line or none until now + ttl. A retry with the same idempotency key answers the first
 * reservation (`replayed: true`), whatever its status now; the same key with different lines is
 * CONFLICT. Unknown or another tenant's variant is NOT_FOUND; too little stock is InsufficientStockError.
 */
export async function reserve(
  tx: Tx,
  tenantId: string,
  actorId: string | null,
  input: ReserveInput,
  options: ReserveOptions = {},
): Promise<ReservationView & { replayed: boolean }> {
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + input.ttlSeconds * 1000);
  const groupId = randomUUID();
  const lines = [...input.lines].sort((a, b) => (a.variantId < b.variantId ? -1 : a.variantId > b.variantId ? 1 : 0));
  // The group and the lines' variants in one statement. The unique (tenant, key) index makes a
  // concurrent duplicate wait here for the first to commit or roll back; it then either sees the first
  // group or takes the key itself.
  const [opened] = await tx.$queryRaw<{ inserted: string | null; variants: { id: string; productId: string; sku: string; threshold: number | null }[] }[]>`
    WITH ins AS (
      INSERT INTO stock_reservation_groups (id, tenant_id, status, reference, idempotency_key, expires_at, created_at)
      VALUES (${groupId}::uuid, ${tenantId}::uuid, 'ACTIVE', ${input.reference ?? null}, ${input.idempotencyKey}, ${expiresAt}, ${now})
      ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
      RETURNING id)
    SELECT (SELECT id FROM ins) AS inserted,
           COALESCE((SELECT json_agg(json_build_object('id', v.id, 'productId', v.product_id, 'sku', v.sku, 'threshold', v.low_stock_threshold))
                       FROM product_variants v WHERE v.tenant_id = ${tenantId}::uuid AND v.id = ANY(${lines.map((l) => l.variantId)}::uuid[])), '[]') AS variants`;
  if (!opened!.inserted) {
    const existing = await loadGroup(tx, tenantId, { idempotencyKey: input.idempotencyKey });
    if (!existing) throw new Error("idempotency key conflict without a visible group");
    if (!sameRequest(existing, input)) {
      throw new ConflictError("this idempotency key was used for a different reservation", { idempotencyKey: input.idempotencyKey });
    }
    return { ...groupView(existing.group, existing.lines), replayed: true };
  }

  const variants = knownVariants(opened!.variants, lines.map((l) => l.variantId));
  // Only a variant with a threshold can cross it; the others need no lock beyond their level's row.
  await lockVariantsForDecrease(tx, lines.filter((l) => variants.get(l.variantId)!.threshold !== null).map((l) => l.variantId));
  const context: LineContext = { tenantId, groupId, actorId, reference: input.reference ?? null, expiresAt, now };
  const taken: LineRow[] = [];
  for (const line of lines) {
    const lineId = randomUUID();
    const locationId = await takeLine(tx, context, line, lineId);
    if (!locationId) {
      if (line.locationId) {
        const location = await tx.stockLocation.findFirst({ where: { id: line.locationId, tenantId }, select: { active: true } });
        if (!location) throw new NotFoundError("stock location", { locationId: line.locationId });
        if (!location.active) throw new ConflictError("the stock location is deactivated", { locationId: line.locationId });
      }
      throw new InsufficientStockError({ variantId: line.variantId, locationId: line.locationId ?? null, requested: line.quantity });
    }
    taken.push({ id: lineId, variant_id: line.variantId, location_id: locationId, quantity: line.quantity, status: "ACTIVE" });
  }
  const group: GroupRow = { id: groupId, status: "ACTIVE", reference: input.reference ?? null, expires_at: expiresAt, created_at: now, released_at: null, consumed_at: null };
  const low = await lowStockEvents(tx, tenantId, variants, new Map(taken.map((t) => [t.variant_id, t.quantity])));
  await enqueueMany(tx, [
    {
      type: "inventory.reservation.created",
      version: 1,
      tenantId,
      aggregateId: groupId,
      payload: {
        tenantId,
        groupId,
        reference: input.reference ?? null,
        expiresAt: expiresAt.toISOString(),
        lines: taken.map((t) => ({ reservationId: t.id, variantId: t.variant_id, locationId: t.location_id, quantity: t.quantity })),
        actorId,
      },
    },
    ...low,
  ]);
  return { ...groupView(group, taken), replayed: false };
}

/** Cancels an ACTIVE reservation (units available again). Releasing a released or expired one is a no-op. */
export function releaseReservation(tx: Tx, tenantId: string, actorId: string | null, groupId: string, options: ReserveOptions = {}) {
  return settleGroup(tx, tenantId, actorId, groupId, "RELEASED", options.now ?? new Date());
}

/**
 * The order was confirmed: held units leave on hand and reserved together (SALE). Committing a
 * consumed one again is a no-op; a released, expired or past-expiry one is CONFLICT.
 */
export function commitReservation(tx: Tx, tenantId: string, actorId: string | null, groupId: string, options: ReserveOptions = {}) {
  return settleGroup(tx, tenantId, actorId, groupId, "CONSUMED", options.now ?? new Date());
}

/** `commitReservation` for several reservations at once (the checkout saga's sellers), all or nothing. */
export function commitReservations(tx: Tx, actorId: string | null, refs: readonly { tenantId: string; reservationId: string }[], options: ReserveOptions = {}) {
  return settleGroups(tx, actorId, refs.map((r) => ({ tenantId: r.tenantId, groupId: r.reservationId })), "CONSUMED", options.now ?? new Date());
}

export async function getReservation(tx: Tx, tenantId: string, groupId: string): Promise<ReservationView> {
  const found = await loadGroup(tx, tenantId, { id: groupId });
  if (!found) throw new NotFoundError("reservation", { reservationId: groupId });
  return groupView(found.group, found.lines);
}

/** Newest first; `nextCursor` is the last reservation's id. */
export async function listReservations(tx: Tx, tenantId: string, input: ListReservationsInput) {
  let before: { createdAt: Date; id: string } | null = null;
  if (input.cursor) {
    before = await tx.stockReservationGroup.findFirst({ where: { id: input.cursor, tenantId }, select: { createdAt: true, id: true } });
    if (!before) throw new DomainError("BAD_REQUEST", "not a cursor of this list", { cursor: input.cursor });
  }
  const rows = await tx.stockReservationGroup.findMany({
    where: {
      tenantId,
      ...(input.status ? { status: input.status } : {}),
      ...(before ? { OR: [{ createdAt: { lt: before.createdAt } }, { createdAt: before.createdAt, id: { lt: before.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    include: { lines: { orderBy: { variantId: "asc" } } },
  });
  const page = rows.slice(0, input.limit);
  return {
    reservations: page.map((g) =>
      groupView(
        { id: g.id, status: g.status, reference: g.reference, expires_at: g.expiresAt, created_at: g.createdAt, released_at: g.releasedAt, consumed_at: g.consumedAt },
        g.lines.map((l) => ({ id: l.id, variant_id: l.variantId, location_id: l.locationId, quantity: l.quantity, status: l.status })),
      ),
    ),
    nextCursor: rows.length > input.limit ? page.at(-1)!.id : null,
  };
}
