import { randomUUID } from "node:crypto";
import { Prisma, type Tx } from "@bazaar/db";
import type { NewEvent } from "@bazaar/events";
import { ConflictError, NotFoundError } from "../errors";

// Lookups and locks shared by the stock and reservation services, and the low-stock crossing rule.

/** Advisory-lock class for "stock of one variant may fall": the low-stock crossing is decided under it. */
const VARIANT_LOCK_CLASS = 7_301;

export interface VariantRef {
  id: string;
  productId: string;
  sku: string;
  threshold: number | null;
}

/** The tenant's variants by id (RLS hides other tenants'); NOT_FOUND naming the first unknown one. */
export async function requireVariants(tx: Tx, tenantId: string, variantIds: readonly string[]): Promise<Map<string, VariantRef>> {
  const rows = await tx.productVariant.findMany({
    where: { tenantId, id: { in: [...variantIds] } },
    select: { id: true, productId: true, sku: true, lowStockThreshold: true },
  });
  return knownVariants(rows.map((r) => ({ id: r.id, productId: r.productId, sku: r.sku, threshold: r.lowStockThreshold })), variantIds);
}

/** The variants as read, by id; NOT_FOUND naming the first asked for that is not among them. */
export function knownVariants(rows: readonly VariantRef[], variantIds: readonly string[]): Map<string, VariantRef> {
  const found = new Map(rows.map((r) => [r.id, r]));
  const missing = variantIds.find((v) => !found.has(v));
  if (missing) throw new NotFoundError("product variant", { variantId: missing });
  return found;
}

/** The tenant's location; NOT_FOUND when unknown or another tenant's, CONFLICT when deactivated. */
export async function requireActiveLocation(tx: Tx, tenantId: string, locationId: string): Promise<{ id: string; name: string }> {
  const location = await tx.stockLocation.findFirst({ where: { id: locationId, tenantId }, select: { id: true, name: true, active: true } });
  if (!location) throw new NotFoundError("stock location", { locationId });
  if (!location.active) throw new ConflictError("the stock location is deactivated", { locationId });
  return location;
}

/**
 * Serialises every change that can lower a variant's available stock, so each sees the totals the
 * one before it left and a crossing is reported exactly once. Taken before any row lock, in one sorted
 * order, so two multi-variant changes cannot deadlock.
 */
export async function lockVariantsForDecrease(tx: Tx, variantIds: readonly string[]): Promise<void> {
  if (variantIds.length === 0) return;
  // $executeRaw: the lock function returns void, which the driver adapter cannot read back as a row.
  await tx.$executeRaw`
    SELECT pg_advisory_xact_lock(${VARIANT_LOCK_CLASS}::int, k)
      FROM (SELECT DISTINCT hashtext(v::text) AS k FROM unnest(${[...variantIds]}::uuid[]) AS v ORDER BY k) AS keys`;
}

/** Available (on hand − reserved) per variant over its active locations, after this transaction's changes. */
async function availableNow(tx: Tx, variantIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await tx.$queryRaw<{ variant_id: string; available: number }[]>`
    SELECT sl.variant_id, COALESCE(SUM(sl.on_hand - sl.reserved), 0)::int AS available
      FROM stock_levels sl JOIN stock_locations loc ON loc.id = sl.location_id AND loc.active
     WHERE sl.variant_id = ANY(${[...variantIds]}::uuid[])
     GROUP BY sl.variant_id`;
  return new Map(rows.map((r) => [r.variant_id, r.available]));
}

/**
 * `inventory.stock.low` for each variant whose available total went from above its threshold to at or
 * below it with this change (`decrease` = units this transaction took off available, per variant).
 * Call under lockVariantsForDecrease, after the change.
 */
export async function lowStockEvents(
  tx: Tx,
  tenantId: string,
  variants: ReadonlyMap<string, VariantRef>,
  decrease: ReadonlyMap<string, number>,
): Promise<NewEvent[]> {
  const watched = [...decrease.keys()].filter((v) => variants.get(v)?.threshold != null && (decrease.get(v) ?? 0) > 0);
  if (watched.length === 0) return [];
  const now = await availableNow(tx, watched);
  const events: NewEvent[] = [];
  for (const variantId of watched) {
    const variant = variants.get(variantId)!;
    const threshold = variant.threshold!;
    const after = now.get(variantId) ?? 0;
    const before = after + decrease.get(variantId)!;
    if (before > threshold && after <= threshold) {
      events.push({
        type: "inventory.stock.low",
        version: 1,
        tenantId,
        aggregateId: variantId,
        payload: { tenantId, variantId, productId: variant.productId, sku: variant.sku, available: after, threshold },
      });
    }
  }
  return events;
}

export type MovementKind = "RECEIPT" | "ADJUSTMENT" | "RESERVATION" | "RELEASE" | "SALE";

export interface MovementRow {
  tenantId: string;
  variantId: string;
  locationId: string;
  kind: MovementKind;
  onHandDelta: number;
  reservedDelta: number;
  reservationId?: string | null;
  reason?: string | null;
  actorId: string | null;
}

/** Appends ledger rows in one statement (the ledger refuses every UPDATE and DELETE). */
export async function appendMovements(tx: Tx, rows: readonly MovementRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw(movementsInsert(rows));
}

/** The INSERT of `appendMovements`, to run inside a larger statement (a CTE) with other writes. */
export function movementsInsert(rows: readonly MovementRow[]): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO stock_movements (id, tenant_id, variant_id, location_id, kind, on_hand_delta, reserved_delta, reservation_id, reason, actor_id)
    SELECT id, tenant_id, variant_id, location_id, kind::"StockMovementKind", on_hand_delta, reserved_delta, reservation_id, reason, actor_id
      FROM unnest(${rows.map(() => randomUUID())}::uuid[], ${rows.map((r) => r.tenantId)}::uuid[], ${rows.map((r) => r.variantId)}::uuid[],
                  ${rows.map((r) => r.locationId)}::uuid[], ${rows.map((r) => r.kind)}::text[], ${rows.map((r) => r.onHandDelta)}::int[],
                  ${rows.map((r) => r.reservedDelta)}::int[], ${rows.map((r) => r.reservationId ?? null)}::uuid[],
                  ${rows.map((r) => r.reason ?? null)}::text[], ${rows.map((r) => r.actorId)}::uuid[])
           AS m(id, tenant_id, variant_id, location_id, kind, on_hand_delta, reserved_delta, reservation_id, reason, actor_id)`;
}

export interface LevelRow {
  location_id: string;
  on_hand: number;
  reserved: number;
  version: number;
}

export const levelView = (r: LevelRow) => ({ locationId: r.location_id, onHand: r.on_hand, reserved: r.reserved, version: r.version });

