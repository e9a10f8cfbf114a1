import { describe, expect, it } from "vitest";
import { statusAfterFailedRefund } from "./refund-failure.service";

const r = (state: "PENDING" | "SUCCEEDED" | "FAILED", amount: number, orderStatusBefore: Parameters<typeof statusAfterFailedRefund>[0] | null) => ({ state, amount, orderStatusBefore });

describe("the order's status after a refund failed", () => {
  it("goes back to where the refunds began when none stands", () => {
    expect(statusAfterFailedRefund("REFUNDED", 1_000, [r("FAILED", 1_000, "PAID")], false)).toBe("PAID");
    expect(statusAfterFailedRefund("PARTIALLY_REFUNDED", 1_000, [r("FAILED", 300, "DELIVERED")], true)).toBe("DELIVERED");
    // Two failed refunds: the first one's status before is where the order was.
    expect(statusAfterFailedRefund("REFUNDED", 1_000, [r("FAILED", 300, "FULFILLED"), r("FAILED", 700, "PARTIALLY_REFUNDED")], true)).toBe("FULFILLED");
  });

  it("stays partly refunded while another refund stands", () => {
    expect(statusAfterFailedRefund("REFUNDED", 1_000, [r("SUCCEEDED", 300, "PAID"), r("FAILED", 700, "PARTIALLY_REFUNDED")], false)).toBe("PARTIALLY_REFUNDED");
    expect(statusAfterFailedRefund("PARTIALLY_REFUNDED", 1_000, [r("PENDING", 300, "PAID"), r("FAILED", 200, "PARTIALLY_REFUNDED")], false)).toBe("PARTIALLY_REFUNDED");
  });

  it("leaves an order that moved on alone, and falls back to the tracking number for old rows", () => {
    expect(statusAfterFailedRefund("FULFILLED", 1_000, [r("FAILED", 300, "PAID")], true)).toBe("FULFILLED");
    expect(statusAfterFailedRefund("REFUNDED", 1_000, [r("FAILED", 1_000, null)], true)).toBe("FULFILLED");
    expect(statusAfterFailedRefund("REFUNDED", 1_000, [r("FAILED", 1_000, null)], false)).toBe("PAID");
  });
});
