import { randomUUID } from "node:crypto";
import { Prisma, type Tx } from "@bazaar/db";
import { enqueue, enqueueMany } from "@bazaar/events";
import { ConflictError, DomainError } from "../errors";
import type { AdjustStockInput, ListLevelsInput, ListMovementsInput, ReceiveStockInput, SetThresholdInput } from "./inventory.schema";
import {
  appendMovements,
  levelView,
  lockVariantsForDecrease,
  lowStockEvents,
  requireActiveLocation,
  requireVariants,
  type LevelRow,
} from "./stock-guards";

// Stock per variant per location: receipts, count adjustments, thresholds and the read side. Every
// change updates the level and appends its ledger row in the caller's transaction.

export type LevelSnapshot = ReturnType<typeof levelView>;

/** Units arrived at a location (the level is created on the first receipt). */
export async function receiveStock(tx: Tx, tenantId: string, actorId: string, input: ReceiveStockInput): Promise<LevelSnapshot> {
  await requireVariants(tx, tenantId, [input.variantId]);
  await requireActiveLocation(tx, tenantId, input.locationId);
  const [row] = await tx.$queryRaw<LevelRow[]>`
    INSERT INTO stock_levels (id, tenant_id, variant_id, location_id, on_hand, reserved, version, updated_at)
    VALUES (${randomUUID()}::uuid, ${tenantId}::uuid, ${input.variantId}::uuid, ${input.locationId}::uuid, ${input.quantity}, 0, 1, now())
    ON CONFLICT (variant_id, location_id) DO UPDATE
       SET on_hand = stock_levels.on_hand + EXCLUDED.on_hand, version = stock_levels.version + 1, updated_at = now()
    RETURNING location_id, on_hand, reserved, version`;
  const level = levelView(row!);
  await appendMovements(tx, [
    { tenantId, variantId: input.variantId, locationId: input.locationId, kind: "RECEIPT", onHandDelta: input.quantity, reservedDelta: 0, reason: input.reason ?? null, actorId },
  ]);
  await enqueue(tx, {
    type: "inventory.stock.received",
    version: 1,
    tenantId,
    aggregateId: input.variantId,
    payload: { tenantId, variantId: input.variantId, quantity: input.quantity, level, reason: input.reason ?? null, actorId },
  });
  return level;
}

/** A counted correction. Taking on hand below what is reserved is refused (CONFLICT) and changes nothing. */
export async function adjustStock(tx: Tx, tenantId: string, actorId: string, input: AdjustStockInput): Promise<LevelSnapshot> {
  const variants = await requireVariants(tx, tenantId, [input.variantId]);
  await requireActiveLocation(tx, tenantId, input.locationId);
  if (input.delta < 0 && variants.get(input.variantId)!.threshold !== null) await lockVariantsForDecrease(tx, [input.variantId]);
  const rows = await tx.$queryRaw<LevelRow[]>`
    UPDATE stock_levels SET on_hand = on_hand + ${input.delta}, version = version + 1, updated_at = now()
     WHERE variant_id = ${input.variantId}::uuid AND location_id = ${input.locationId}::uuid AND on_hand + ${input.delta} >= reserved
    RETURNING location_id, on_hand, reserved, version`;
  if (rows.length === 0) {
    const current = await tx.stockLevel.findUnique({ where: { variantId_locationId: { variantId: input.variantId, locationId: input.locationId } } });
    if (!current && input.delta > 0) return receiveAsAdjustment(tx, tenantId, actorId, input);
    throw new ConflictError("on hand cannot go below what is reserved", {
      variantId: input.variantId,
      locationId: input.locationId,
      onHand: current?.onHand ?? 0,
      reserved: current?.reserved ?? 0,
      delta: input.delta,
    });
  }
  const level = levelView(rows[0]!);
  await appendMovements(tx, [
    { tenantId, variantId: input.variantId, locationId: input.locationId, kind: "ADJUSTMENT", onHandDelta: input.delta, reservedDelta: 0, reason: input.reason, actorId },
  ]);
  const low = input.delta < 0 ? await lowStockEvents(tx, tenantId, variants, new Map([[input.variantId, -input.delta]])) : [];
  await enqueueMany(tx, [
    {
      type: "inventory.stock.adjusted",
      version: 1,
      tenantId,
      aggregateId: input.variantId,
      payload: { tenantId, variantId: input.variantId, delta: input.delta, level, reason: input.reason, actorId },
    },
    ...low,
  ]);
  return level;
}

/** A positive count at a location that had no level yet: the level starts at the counted units. */
async function receiveAsAdjustment(tx: Tx, tenantId: string, actorId: string, input: AdjustStockInput): Promise<LevelSnapshot> {
  const [row] = await tx.$queryRaw<LevelRow[]>`
    INSERT INTO stock_levels (id, tenant_id, variant_id, location_id, on_hand, reserved, version, updated_at)
    VALUES (${randomUUID()}::uuid, ${tenantId}::uuid, ${input.variantId}::uuid, ${input.locationId}::uuid, ${input.delta}, 0, 1, now())
    RETURNING location_id, on_hand, reserved, version`;
  const level = levelView(row!);
  await appendMovements(tx, [
    { tenantId, variantId: input.variantId, locationId: input.locationId, kind: "ADJUSTMENT", onHandDelta: input.delta, reservedDelta: 0, reason: input.reason, actorId },
  ]);
  await enqueue(tx, {
    type: "inventory.stock.adjusted",
    version: 1,
    tenantId,
    aggregateId: input.variantId,
    payload: { tenantId, variantId: input.variantId, delta: input.delta, level, reason: input.reason, actorId },
  });
  return level;
}

/** null turns the alert off. Setting it raises no alert by itself: only a later fall across it does. */
export async function setThreshold(tx: Tx, tenantId: string, actorId: string, input: SetThresholdInput) {
  await requireVariants(tx, tenantId, [input.variantId]);
  await tx.productVariant.update({ where: { id: input.variantId }, data: { lowStockThreshold: input.threshold } });
  await enqueue(tx, {
    type: "inventory.stock.threshold-set",
    version: 1,
    tenantId,
    aggregateId: input.variantId,
    payload: { tenantId, variantId: input.variantId, threshold: input.threshold, actorId },
  });
  return { variantId: input.variantId, threshold: input.threshold };
}

interface LevelListRow {
  id: string;
  variant_id: string;
  location_id: string;
  product_id: string;
  sku: string;
  variant_title: string;
  location_code: string;
  location_active: boolean;
  on_hand: number;
  reserved: number;
  version: number;
  threshold: number | null;
  variant_available: number;
  updated_at: Date;
}

/** Levels with `available`, ordered by id; `lowStock` compares the variant's total over active locations. */
export async function listLevels(tx: Tx, tenantId: string, input: ListLevelsInput) {
  const filters: Prisma.Sql[] = [Prisma.sql`sl.tenant_id = ${tenantId}::uuid`];
  if (input.locationId) filters.push(Prisma.sql`sl.location_id = ${input.locationId}::uuid`);
  if (input.variantId) filters.push(Prisma.sql`sl.variant_id = ${input.variantId}::uuid`);
  if (input.productId) filters.push(Prisma.sql`v.product_id = ${input.productId}::uuid`);
  if (input.cursor) filters.push(Prisma.sql`sl.id > ${input.cursor}::uuid`);
  if (input.lowStockOnly) filters.push(Prisma.sql`v.low_stock_threshold IS NOT NULL AND totals.available <= v.low_stock_threshold`);
  const rows = await tx.$queryRaw<LevelListRow[]>`
    SELECT sl.id, sl.variant_id, sl.location_id, v.product_id, v.sku, v.title AS variant_title, loc.code AS location_code,
           loc.active AS location_active, sl.on_hand, sl.reserved, sl.version, v.low_stock_threshold AS threshold,
           totals.available AS variant_available, sl.updated_at
      FROM stock_levels sl
      JOIN product_variants v ON v.id = sl.variant_id
      JOIN stock_locations loc ON loc.id = sl.location_id
      CROSS JOIN LATERAL (
        SELECT COALESCE(SUM(o.on_hand - o.reserved), 0)::int AS available
          FROM stock_levels o JOIN stock_locations ol ON ol.id = o.location_id AND ol.active
         WHERE o.variant_id = sl.variant_id) AS totals
     WHERE ${Prisma.join(filters, " AND ")}
     ORDER BY sl.id
     LIMIT ${input.limit + 1}`;
  const page = rows.slice(0, input.limit);
  return {
    levels: page.map((r) => ({
      id: r.id,
      variantId: r.variant_id,
      locationId: r.location_id,
      productId: r.product_id,
      sku: r.sku,
      variantTitle: r.variant_title,
      locationCode: r.location_code,
      locationActive: r.location_active,
      onHand: r.on_hand,
      reserved: r.reserved,
      available: r.on_hand - r.reserved,
      version: r.version,
      threshold: r.threshold,
      variantAvailable: r.variant_available,
      lowStock: r.threshold !== null && r.variant_available <= r.threshold,
      updatedAt: r.updated_at,
    })),
    nextCursor: rows.length > input.limit ? page.at(-1)!.id : null,
  };
}

/** The ledger of one variant (optionally at one location), newest first. */
export async function listMovements(tx: Tx, tenantId: string, input: ListMovementsInput) {
  await requireVariants(tx, tenantId, [input.variantId]);
  let before: { createdAt: Date; id: string } | null = null;
  if (input.cursor) {
    before = await tx.stockMovement.findFirst({ where: { id: input.cursor, tenantId, variantId: input.variantId }, select: { createdAt: true, id: true } });
    if (!before) throw new DomainError("BAD_REQUEST", "not a cursor of this history", { cursor: input.cursor });
  }
  const rows = await tx.stockMovement.findMany({
    where: {
      tenantId,
      variantId: input.variantId,
      ...(input.locationId ? { locationId: input.locationId } : {}),
      ...(before ? { OR: [{ createdAt: { lt: before.createdAt } }, { createdAt: before.createdAt, id: { lt: before.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  return { movements: page, nextCursor: rows.length > input.limit ? page.at(-1)!.id : null };
}
