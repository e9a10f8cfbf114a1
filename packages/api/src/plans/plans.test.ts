import { describe, expect, it } from "vitest";
import { commissionOf, fitsLimit, PLAN_NAMES, PLANS } from "./plans";

describe("plans", () => {
  it("offers FREE, PRO and ENTERPRISE with growing limits and falling commission", () => {
    expect(PLAN_NAMES).toEqual(["FREE", "PRO", "ENTERPRISE"]);
    expect(PLANS.FREE.limits).toEqual({ stores: 1, products: 50, staffSeats: 2 });
    expect(PLANS.PRO.limits).toEqual({ stores: 3, products: 5_000, staffSeats: 10 });
    expect(PLANS.ENTERPRISE.limits).toEqual({ stores: null, products: null, staffSeats: null });
    expect(PLAN_NAMES.map((p) => PLANS[p].commissionBps)).toEqual([1_500, 800, 500]);
  });

  it("prices in integer minor units", () => {
    for (const p of PLAN_NAMES) {
      expect(Number.isSafeInteger(PLANS[p].monthlyPrice.amountMinor)).toBe(true);
      expect(PLANS[p].plan).toBe(p);
    }
  });

  it("treats null as unlimited", () => {
    expect(fitsLimit(1, 1)).toBe(true);
    expect(fitsLimit(1, 1, 1)).toBe(false);
    expect(fitsLimit(null, 1_000_000, 1)).toBe(true);
  });

  it("computes commission in whole minor units, rounding half up", () => {
    expect(commissionOf(10_000, 1_500)).toBe(1_500);
    expect(commissionOf(333, 800)).toBe(27); // 26.64
    expect(commissionOf(125, 500)).toBe(6); // 6.25
    expect(commissionOf(130, 500)).toBe(7); // 6.5 rounds up
    expect(() => commissionOf(1.5, 500)).toThrow(RangeError);
  });
});
