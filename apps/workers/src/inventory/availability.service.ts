import type { CapturedStockLevel } from "@bazaar/events";
import type { Redis } from "ioredis";

/**
 * The storefront's availability read model, kept from the `stock_levels` change stream (Debezium →
 * `inventory.cdc`). One hash per variant, `inventory:availability:<variantId>`:
 *
 *   tenant_id                       the variant's tenant
 *   on_hand / reserved / available  totals over every location
 *   loc:<locationId>:on_hand|reserved|available   that location's level
 *   loc:<locationId>:lsn            WAL position of the last change applied to that location's row
 *
 * A read model, rebuilt from the topic (or a new snapshot): no TTL. The per-row LSN makes applying a
 * change idempotent and order-safe: a redelivery or an older change (same or lower LSN) is ignored, so a
 * crash between the Redis write and the inbox commit only costs a harmless reapplication.
 */
export const availabilityKey = (variantId: string) => `inventory:availability:${variantId}`;

// Totals are recomputed from the location fields (a variant has a handful of locations), so they can never
// drift from the per-location values, whatever order the locations' changes arrive in.
const APPLY_LUA = `
local key, loc, lsn, op = KEYS[1], ARGV[1], tonumber(ARGV[2]), ARGV[3]
local prefix = 'loc:' .. loc .. ':'
local last = tonumber(redis.call('HGET', key, prefix .. 'lsn') or '-1')
if lsn <= last then return 0 end
if op == 'delete' then
  redis.call('HDEL', key, prefix .. 'on_hand', prefix .. 'reserved', prefix .. 'available')
else
  local onHand, reserved = tonumber(ARGV[4]), tonumber(ARGV[5])
  redis.call('HSET', key, prefix .. 'on_hand', onHand, prefix .. 'reserved', reserved, prefix .. 'available', onHand - reserved)
end
redis.call('HSET', key, prefix .. 'lsn', ARGV[2], 'tenant_id', ARGV[6])
local fields = redis.call('HGETALL', key)
local onHand, reserved = 0, 0
for i = 1, #fields, 2 do
  local f = fields[i]
  if string.sub(f, 1, 4) == 'loc:' then
    if string.sub(f, -8) == ':on_hand' then onHand = onHand + tonumber(fields[i + 1])
    elseif string.sub(f, -9) == ':reserved' then reserved = reserved + tonumber(fields[i + 1]) end
  end
end
redis.call('HSET', key, 'on_hand', onHand, 'reserved', reserved, 'available', onHand - reserved)
return 1
`;

export type StockChangeOp = "create" | "update" | "delete" | "read";

export interface StockChange {
  op: StockChangeOp;
  lsn: string;
  stockLevel: CapturedStockLevel;
}

/** Applies one captured change; false when it was not newer than what the hash holds (nothing changed). */
export async function applyStockChange(redis: Redis, change: StockChange): Promise<boolean> {
  const s = change.stockLevel;
  const applied = await redis.eval(
    APPLY_LUA,
    1,
    availabilityKey(s.variantId),
    s.locationId,
    change.lsn,
    change.op,
    String(s.onHand),
    String(s.reserved),
    s.tenantId,
  );
  return applied === 1;
}

export interface LevelFigures {
  onHand: number;
  reserved: number;
  available: number;
}

export interface VariantAvailability {
  tenantId: string;
  total: LevelFigures;
  locations: Record<string, LevelFigures & { lsn: string }>;
}

/** The read model of one variant, or undefined when no change of it was ever applied. */
export async function readAvailability(redis: Redis, variantId: string): Promise<VariantAvailability | undefined> {
  const h = await redis.hgetall(availabilityKey(variantId));
  if (!h.tenant_id) return undefined;
  const locations: VariantAvailability["locations"] = {};
  for (const [field, value] of Object.entries(h)) {
    const m = /^loc:([^:]+):available$/.exec(field);
    if (!m) continue;
    const loc = m[1]!;
    locations[loc] = {
      onHand: Number(h[`loc:${loc}:on_hand`]),
      reserved: Number(h[`loc:${loc}:reserved`]),
      available: Number(value),
      lsn: h[`loc:${loc}:lsn`] ?? "0",
    };
  }
  return {
    tenantId: h.tenant_id,
    total: { onHand: Number(h.on_hand ?? 0), reserved: Number(h.reserved ?? 0), available: Number(h.available ?? 0) },
    locations,
  };
}
