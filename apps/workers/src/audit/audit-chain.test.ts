import { describe, expect, it } from "vitest";
import { findChainBreak, GENESIS_HASH, hashEntry, type AuditEntryFields } from "./audit-chain";

const entry = (over: Partial<AuditEntryFields> = {}): AuditEntryFields => ({
  id: "6a1f6f2e-2d7e-4c1e-9a55-0d1f3c1b8e01",
  tenantId: "0b8e1c2a-5d3f-4e6a-8b7c-9d0e1f2a3b4c",
  actorId: null,
  action: "tenants.tenant.created",
  entityType: "tenant",
  entityId: "t-1",
  data: { b: 2, a: { d: [1, "x"], c: null } },
  eventId: "5d2b0c1e-7f3a-4b6c-8d9e-0a1b2c3d4e5f",
  createdAt: new Date("2026-11-22T10:00:00.123Z"),
  ...over,
});

describe("hashEntry", () => {
  it("is a 64-char hex digest that ignores key order inside data", () => {
    const h = hashEntry(GENESIS_HASH, entry());
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashEntry(GENESIS_HASH, entry({ data: { a: { c: null, d: [1, "x"] }, b: 2 } }))).toBe(h);
  });

  it("changes with the previous hash and with every field", () => {
    const h = hashEntry(GENESIS_HASH, entry());
    expect(hashEntry("f".repeat(64), entry())).not.toBe(h);
    for (const over of [
      { action: "tenants.tenant.updated" },
      { actorId: "c0ffee00-0000-4000-8000-000000000000" },
      { data: { b: 3, a: { d: [1, "x"], c: null } } },
      { createdAt: new Date("2026-11-22T10:00:00.124Z") },
      { tenantId: null },
    ]) {
      expect(hashEntry(GENESIS_HASH, entry(over))).not.toBe(h);
    }
  });
});

describe("findChainBreak", () => {
  const chain = () => {
    const first = entry();
    const h1 = hashEntry(GENESIS_HASH, first);
    const second = entry({ id: "6a1f6f2e-2d7e-4c1e-9a55-0d1f3c1b8e02", eventId: null, action: "x.y.z" });
    const h2 = hashEntry(h1, second);
    return [
      { ...first, seq: 1n, prevHash: GENESIS_HASH, hash: h1 },
      { ...second, seq: 2n, prevHash: h1, hash: h2 },
    ];
  };

  it("accepts an intact chain", () => {
    expect(findChainBreak(chain())).toBeNull();
  });

  it("names the first entry whose content or link was altered", () => {
    const edited = chain();
    edited[1] = { ...edited[1]!, data: { forged: true } };
    expect(findChainBreak(edited)).toEqual({ seq: 2n, reason: "hash-mismatch" });

    const removedFirst = chain().slice(1);
    expect(findChainBreak(removedFirst)).toEqual({ seq: 2n, reason: "prev-hash-mismatch" });
  });
});
