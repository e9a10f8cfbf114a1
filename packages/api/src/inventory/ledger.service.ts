import { Prisma, type Tx } from "@bazaar/db";

// The ledger check: every level rebuilt from its movements, and its reserved units matched against the
// ACTIVE reservation lines on it. Any difference means a change bypassed this service (or a bug).

export interface LedgerMismatch {
  tenantId: string;
  variantId: string;
  locationId: string;
  level: { onHand: number; reserved: number } | null;
  ledger: { onHand: number; reserved: number };
  activeReserved: number;
}

export interface LedgerReport {
  levels: number;
  movements: number;
  mismatches: LedgerMismatch[];
  balanced: boolean;
}

interface Row {
  tenant_id: string;
  variant_id: string;
  location_id: string;
  level_on_hand: number | null;
  level_reserved: number | null;
  ledger_on_hand: number;
  ledger_reserved: number;
  active_reserved: number;
}

/** Run in the tenant's transaction for its own stock, or in platform context for every tenant. */
export async function checkLedger(tx: Tx, options: { tenantId?: string; limit?: number } = {}): Promise<LedgerReport> {
  const scope = (alias: string) => (options.tenantId ? Prisma.sql`WHERE ${Prisma.raw(alias)}.tenant_id = ${options.tenantId}::uuid` : Prisma.empty);
  const rows = await tx.$queryRaw<Row[]>`
    WITH ledger AS (
      SELECT tenant_id, variant_id, location_id, SUM(on_hand_delta)::int AS on_hand, SUM(reserved_delta)::int AS reserved
        FROM stock_movements m ${scope("m")} GROUP BY tenant_id, variant_id, location_id),
    held AS (
      SELECT variant_id, location_id, SUM(quantity)::int AS quantity
        FROM stock_reservations r ${options.tenantId ? Prisma.sql`WHERE r.tenant_id = ${options.tenantId}::uuid AND r.status = 'ACTIVE'` : Prisma.sql`WHERE r.status = 'ACTIVE'`}
       GROUP BY variant_id, location_id),
    levels AS (SELECT tenant_id, variant_id, location_id, on_hand, reserved FROM stock_levels l ${scope("l")})
    SELECT COALESCE(lv.tenant_id, lg.tenant_id) AS tenant_id, COALESCE(lv.variant_id, lg.variant_id) AS variant_id,
           COALESCE(lv.location_id, lg.location_id) AS location_id, lv.on_hand AS level_on_hand, lv.reserved AS level_reserved,
           COALESCE(lg.on_hand, 0) AS ledger_on_hand, COALESCE(lg.reserved, 0) AS ledger_reserved, COALESCE(h.quantity, 0) AS active_reserved
      FROM levels lv
      FULL JOIN ledger lg ON lg.variant_id = lv.variant_id AND lg.location_id = lv.location_id
      LEFT JOIN held h ON h.variant_id = COALESCE(lv.variant_id, lg.variant_id) AND h.location_id = COALESCE(lv.location_id, lg.location_id)
     WHERE lv.on_hand IS DISTINCT FROM COALESCE(lg.on_hand, 0)
        OR lv.reserved IS DISTINCT FROM COALESCE(lg.reserved, 0)
        OR COALESCE(lv.reserved, 0) <> COALESCE(h.quantity, 0)
     ORDER BY 1, 2, 3
     LIMIT ${options.limit ?? 1_000}`;
  const [counts] = await tx.$queryRaw<{ levels: number; movements: number }[]>`
    SELECT (SELECT count(*)::int FROM stock_levels l ${scope("l")}) AS levels, (SELECT count(*)::int FROM stock_movements m ${scope("m")}) AS movements`;
  const mismatches = rows.map((r) => ({
    tenantId: r.tenant_id,
    variantId: r.variant_id,
    locationId: r.location_id,
    level: r.level_on_hand === null ? null : { onHand: r.level_on_hand, reserved: r.level_reserved! },
    ledger: { onHand: r.ledger_on_hand, reserved: r.ledger_reserved },
    activeReserved: r.active_reserved,
  }));
  return { levels: counts!.levels, movements: counts!.movements, mismatches, balanced: mismatches.length === 0 };
}
