import { describe, expect, it } from "vitest";
import { canTransition, IllegalOrderTransitionError, ORDER_TRANSITIONS } from "./order-status";

describe("order lifecycle", () => {
  it("follows the happy path and refuses shortcuts and moves out of terminal states", () => {
    expect(canTransition("PENDING_PAYMENT", "PAID")).toBe(true);
    expect(canTransition("PAID", "FULFILLED")).toBe(true);
    expect(canTransition("FULFILLED", "DELIVERED")).toBe(true);
    expect(canTransition("PENDING_PAYMENT", "FULFILLED")).toBe(false);
    expect(canTransition("DELIVERED", "CANCELLED")).toBe(false);
    expect(canTransition("FULFILLED", "PAID")).toBe(false);
    expect(ORDER_TRANSITIONS.CANCELLED).toEqual([]);
    expect(ORDER_TRANSITIONS.REFUNDED).toEqual([]);
  });

  it("lets a partially refunded order that has not shipped be fulfilled, and one that shipped not again", () => {
    expect(canTransition("PARTIALLY_REFUNDED", "FULFILLED")).toBe(true);
    expect(canTransition("PARTIALLY_REFUNDED", "PARTIALLY_FULFILLED")).toBe(true);
    expect(canTransition("PARTIALLY_REFUNDED", "FULFILLED", true)).toBe(false);
    expect(canTransition("PARTIALLY_REFUNDED", "PARTIALLY_FULFILLED", true)).toBe(false);
    // A further refund is legal either way; going back to paid, delivering unshipped goods or cancelling is not.
    expect(canTransition("PARTIALLY_REFUNDED", "REFUNDED", true)).toBe(true);
    expect(canTransition("PARTIALLY_REFUNDED", "PAID")).toBe(false);
    expect(canTransition("PARTIALLY_REFUNDED", "DELIVERED")).toBe(false);
    expect(canTransition("PARTIALLY_REFUNDED", "CANCELLED")).toBe(false);
    expect(canTransition("FULFILLED", "FULFILLED")).toBe(false);
  });

  it("is a typed CONFLICT naming both states", () => {
    const e = new IllegalOrderTransitionError("o", "DELIVERED", "CANCELLED");
    expect(e.code).toBe("CONFLICT");
    expect(e.details).toEqual({ reason: "illegal-transition", orderId: "o", from: "DELIVERED", to: "CANCELLED" });
  });
});
