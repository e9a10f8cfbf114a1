import { describe, expect, it } from "vitest";

import { findReviewable } from "./reviewable";
import { isEditable, statusNotice } from "./review-status";

const line = (id: string, review: { id: string; status: "PENDING" } | null = null) => ({ orderLineId: id, sku: "S", title: `Item ${id}`, variantId: "v", review });
const orders = [
  { orderId: "o1", tenantId: "t", orderedAt: new Date(), sellerReview: null, lines: [line("l1"), line("l2", { id: "r2", status: "PENDING" })] },
];

describe("review status for its author", () => {
  it("tells a pending or held review apart from a published one", () => {
    expect(statusNotice("PENDING")).toContain("pending moderation");
    expect(statusNotice("HELD")).toContain("pending moderation");
    expect(statusNotice("PUBLISHED")).toContain("published");
  });
  it("is editable inside the window unless rejected", () => {
    const now = new Date("2026-12-01T12:00:00Z");
    expect(isEditable({ status: "PENDING", editableUntil: "2026-12-01T12:00:01Z" }, now)).toBe(true);
    expect(isEditable({ status: "PUBLISHED", editableUntil: "2026-12-01T12:00:00Z" }, now)).toBe(false);
    expect(isEditable({ status: "REJECTED", editableUntil: "2026-12-02T00:00:00Z" }, now)).toBe(false);
  });
});

describe("findReviewable", () => {
  it("finds the shopper's delivered line or order, and nothing else", () => {
    expect(findReviewable(orders, { orderLineId: "l1" })).toMatchObject({ kind: "product", title: "Item l1", existing: null });
    expect(findReviewable(orders, { orderLineId: "l2" })?.existing).toEqual({ id: "r2", status: "PENDING" });
    expect(findReviewable(orders, { orderId: "o1" })).toMatchObject({ kind: "seller", existing: null });
    expect(findReviewable(orders, { orderLineId: "someone-elses" })).toBeNull();
    expect(findReviewable(orders, {})).toBeNull();
  });
});
