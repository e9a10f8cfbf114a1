import { describe, expect, it } from "vitest";
import { adjustStockSchema, createLocationSchema, listLevelsSchema, receiveStockSchema, reserveSchema } from "./inventory.schema";

const variantId = "3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a";
const locationId = "7e6d5c4b-3a29-4180-8f7e-6d5c4b3a2918";

describe("inventory input schemas", () => {
  it("take whole positive quantities only", () => {
    for (const quantity of [1, 5, 1_000_000]) expect(receiveStockSchema.safeParse({ variantId, locationId, quantity }).success).toBe(true);
    for (const quantity of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1_000_001, "3"]) {
      expect(receiveStockSchema.safeParse({ variantId, locationId, quantity }).success).toBe(false);
    }
  });

  it("want a non-zero whole delta and a reason for an adjustment", () => {
    expect(adjustStockSchema.safeParse({ variantId, locationId, delta: -3, reason: "damaged" }).success).toBe(true);
    expect(adjustStockSchema.safeParse({ variantId, locationId, delta: 0, reason: "x" }).success).toBe(false);
    expect(adjustStockSchema.safeParse({ variantId, locationId, delta: -0.5, reason: "x" }).success).toBe(false);
    expect(adjustStockSchema.safeParse({ variantId, locationId, delta: 2 }).success).toBe(false);
    expect(adjustStockSchema.safeParse({ variantId, locationId, delta: 2, reason: "bad\u0000reason" }).success).toBe(false);
  });

  it("require an idempotency key, one line per variant and a bounded expiry for a reservation", () => {
    const line = { variantId, quantity: 2 };
    expect(reserveSchema.safeParse({ idempotencyKey: "order-1234:reserve", ttlSeconds: 900, lines: [line] }).success).toBe(true);
    expect(reserveSchema.safeParse({ ttlSeconds: 900, lines: [line] }).success).toBe(false);
    expect(reserveSchema.safeParse({ idempotencyKey: "has a space", ttlSeconds: 900, lines: [line] }).success).toBe(false);
    expect(reserveSchema.safeParse({ idempotencyKey: "order-1234", ttlSeconds: 900, lines: [] }).success).toBe(false);
    expect(reserveSchema.safeParse({ idempotencyKey: "order-1234", ttlSeconds: 900, lines: [line, { ...line, locationId }] }).success).toBe(false);
    expect(reserveSchema.safeParse({ idempotencyKey: "order-1234", ttlSeconds: 0, lines: [line] }).success).toBe(false);
    expect(reserveSchema.safeParse({ idempotencyKey: "order-1234", ttlSeconds: 8 * 86_400, lines: [line] }).success).toBe(false);
  });

  it("keep location codes URL-safe and lists bounded", () => {
    expect(createLocationSchema.safeParse({ name: "Lagos depot", code: "lagos-1" }).success).toBe(true);
    for (const code of ["Lagos", "lagos_1", "-lagos", "lagos--1", ""]) expect(createLocationSchema.safeParse({ name: "x", code }).success).toBe(false);
    expect(listLevelsSchema.parse(undefined)).toEqual({ lowStockOnly: false, limit: 50 });
    expect(listLevelsSchema.safeParse({ limit: 201 }).success).toBe(false);
  });
});
