import type { OrderLine } from "@bazaar/db";
import { describe, expect, it } from "vitest";
import { lineRefundAmount, refundFingerprint } from "./refunds.service";

const line = (unitPriceAmount: number, quantity: number) => ({ id: "l", unitPriceAmount, quantity, lineTotalAmount: unitPriceAmount * quantity }) as OrderLine;

describe("refunds pricing", () => {
  it("prices a line at what the goods cost the shopper: tax in, shipping out, rounded down", () => {
    // 3000 goods + 490 shipping + 663 tax = 4153: the goods cost the shopper 3663 of it.
    const order = { subtotalAmount: 3_000, shippingAmount: 490, totalAmount: 4_153, lines: [] };
    expect(lineRefundAmount(order, line(1_500, 2), 1)).toBe(1_831);
    expect(lineRefundAmount(order, line(1_500, 2), 2)).toBe(3_663);
    // A discount paid for part of the goods: the refund follows what was paid.
    expect(lineRefundAmount({ subtotalAmount: 1_000, shippingAmount: 0, totalAmount: 900, lines: [] }, line(1_000, 1), 1)).toBe(900);
  });

  it("recognises the same request whatever the order of its lines", () => {
    const base = { orderId: "o", idempotencyKey: "k-00000001", reason: "r", restock: false };
    const a = refundFingerprint({ ...base, lines: [{ orderLineId: "a", quantity: 1 }, { orderLineId: "b", quantity: 2 }] });
    const b = refundFingerprint({ ...base, lines: [{ orderLineId: "b", quantity: 2 }, { orderLineId: "a", quantity: 1 }] });
    expect(a).toBe(b);
    expect(refundFingerprint({ ...base, amount: 100 })).not.toBe(refundFingerprint({ ...base, amount: 101 }));
  });
});
