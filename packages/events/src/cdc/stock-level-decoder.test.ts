import { describe, expect, it } from "vitest";
import { createEvent } from "../event";
import { decodeStockLevelChange } from "./stock-level-decoder";

const row = {
  id: "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
  tenant_id: "0b6c2f4e-3d1a-4e8b-9c7d-5f2e1a0b9c8d",
  variant_id: "5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c",
  location_id: "7c6b5a49-3827-4165-a4f3-e2d1c0b9a887",
  on_hand: 12,
  reserved: 3,
  low_stock_threshold: null,
  version: 4,
  updated_at: "2026-12-01T09:00:00.123456Z",
};

// The shape Debezium 3.6's JSON converter writes with schemas.enable=false (checked against the real
// connector in stock-availability.int.test.ts).
function change(overrides: Record<string, unknown> = {}, source: Record<string, unknown> = {}) {
  return JSON.stringify({
    before: null,
    after: row,
    source: {
      version: "3.6.1.Final",
      connector: "postgresql",
      name: "cdc.bazaar",
      ts_ms: Date.parse("2026-12-01T09:00:00.000Z"),
      snapshot: "false",
      db: "bazaar",
      sequence: '["24022872","24023128"]',
      schema: "public",
      table: "stock_levels",
      txId: 771,
      lsn: 24_023_128,
      xmin: null,
      ...source,
    },
    transaction: null,
    op: "u",
    ts_ms: Date.parse("2026-12-01T09:00:00.050Z"),
    ...overrides,
  });
}

describe("decodeStockLevelChange", () => {
  it("maps an update onto the captured-stock contract", () => {
    const r = decodeStockLevelChange(change());
    if (!r.ok) throw r.error;
    expect(r.event.type).toBe("inventory.stock-level.captured");
    expect(r.event.tenantId).toBe(row.tenant_id);
    expect(r.event.aggregate).toEqual({ type: "stock_level", id: row.id });
    expect(r.event.occurredAt).toBe("2026-12-01T09:00:00.000Z");
    expect(r.event.payload).toEqual({
      op: "update",
      lsn: "24023128",
      txId: 771,
      snapshot: false,
      stockLevel: { id: row.id, tenantId: row.tenant_id, variantId: row.variant_id, locationId: row.location_id, onHand: 12, reserved: 3, version: 4 },
    });
  });

  it("gives a redelivery the same id and another change of the row another one", () => {
    const a = decodeStockLevelChange(change());
    const again = decodeStockLevelChange(Buffer.from(change()));
    const later = decodeStockLevelChange(change({}, { lsn: 24_023_400 }));
    const otherDb = decodeStockLevelChange(change({}, { name: "cdc.bazaar_test" }));
    if (!a.ok || !again.ok || !later.ok || !otherDb.ok) throw new Error("decode failed");
    expect(again.event.id).toBe(a.event.id);
    expect(later.event.id).not.toBe(a.event.id);
    expect(otherDb.event.id).not.toBe(a.event.id);
    expect(a.event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("takes a delete's row from `before` and marks snapshot reads", () => {
    const del = decodeStockLevelChange(change({ op: "d", before: row, after: null }));
    const read = decodeStockLevelChange(change({ op: "r" }, { snapshot: "last", txId: null }));
    if (!del.ok || !read.ok) throw new Error("decode failed");
    expect(del.event.payload).toMatchObject({ op: "delete", stockLevel: { id: row.id, onHand: 12 } });
    expect(read.event.payload).toMatchObject({ op: "read", snapshot: true, txId: null });
  });

  it.each([
    ["a tombstone", null, "malformed-json"],
    ["not JSON", "{", "malformed-json"],
    ["another table", change({}, { table: "stock_movements" }), "invalid-payload"],
    ["a delete without its before row", change({ op: "d", before: null, after: null }), "invalid-payload"],
    ["a row without tenant", change({ after: { ...row, tenant_id: null } }), "invalid-payload"],
    ["an envelope of ours", JSON.stringify({ id: row.id, type: "inventory.stock-level.captured" }), "invalid-payload"],
  ])("rejects %s", (_name, value, reason) => {
    const r = decodeStockLevelChange(value);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.reason).toBe(reason);
  });

  it("is never enqueued through the outbox", () => {
    expect(() =>
      createEvent({
        type: "inventory.stock-level.captured",
        version: 1,
        tenantId: row.tenant_id,
        aggregateId: row.id,
        payload: { op: "update", lsn: "1", txId: 1, snapshot: false, stockLevel: { id: row.id, tenantId: row.tenant_id, variantId: row.variant_id, locationId: row.location_id, onHand: 1, reserved: 0, version: 1 } },
      }),
    ).toThrow(/produced by CDC/);
  });
});
