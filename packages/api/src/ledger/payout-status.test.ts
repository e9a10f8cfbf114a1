import { describe, expect, it } from "vitest";
import { canMovePayout, PAYOUT_TRANSITIONS } from "./payout-status";

describe("the payout state machine", () => {
  it("goes PENDING → SENT → PAID, fails from PENDING or SENT, and never leaves PAID or FAILED", () => {
    expect(canMovePayout("PENDING", "SENT")).toBe(true);
    expect(canMovePayout("SENT", "PAID")).toBe(true);
    expect(canMovePayout("PENDING", "FAILED")).toBe(true);
    expect(canMovePayout("SENT", "FAILED")).toBe(true);
    expect(canMovePayout("PENDING", "PAID")).toBe(false);
    expect(canMovePayout("PAID", "FAILED")).toBe(false);
    expect(PAYOUT_TRANSITIONS.PAID).toEqual([]);
    expect(PAYOUT_TRANSITIONS.FAILED).toEqual([]);
  });
});
