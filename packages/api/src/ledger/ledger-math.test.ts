import { describe, expect, it } from "vitest";
import { payoutLines, payoutReturnedLines, payoutSettledLines, periodStart, refundLines, saleLines, type OrderMoney } from "./ledger-math";

const sum = (lines: { amount: number }[]) => lines.reduce((s, l) => s + l.amount, 0);
const seller = (lines: { code: string; amount: number }[]) => lines.find((l) => l.code === "SELLER_PAYABLE")?.amount ?? 0;
const order: OrderMoney = { totalAmount: 10_000, commissionAmount: 1_500, discountAmount: 0, discountFundedBy: null };

describe("ledger postings", () => {
  it("credit the seller the total less the commission on a sale", () => {
    const lines = saleLines(order);
    expect(sum(lines)).toBe(0);
    expect(lines).toEqual([
      { code: "PAYMENT_CLEARING", amount: 10_000 },
      { code: "COMMISSION_REVENUE", amount: -1_500 },
      { code: "SELLER_PAYABLE", amount: -8_500 },
    ]);
  });

  it("make the platform pay the discount it funds, and the seller carry one they fund", () => {
    const platform = saleLines({ ...order, totalAmount: 9_000, discountAmount: 1_000, discountFundedBy: "PLATFORM" });
    expect(platform).toContainEqual({ code: "DISCOUNT_FUNDING_EXPENSE", amount: 1_000 });
    expect(seller(platform)).toBe(-(9_000 + 1_000 - 1_500));
    const own = saleLines({ ...order, totalAmount: 9_000, discountAmount: 1_000, discountFundedBy: "SELLER" });
    expect(own.map((l) => l.code)).not.toContain("DISCOUNT_FUNDING_EXPENSE");
    expect(seller(own)).toBe(-(9_000 - 1_500));
  });

  it("return commission and discount funding in proportion, exactly all of them over partial refunds", () => {
    const o = { totalAmount: 9_999, commissionAmount: 1_499, discountAmount: 333, discountFundedBy: "PLATFORM" };
    const parts = [1, 3_332, 4_000, 2_666];
    let before = 0;
    const all = parts.flatMap((p) => {
      const lines = refundLines(o, p, before);
      expect(sum(lines)).toBe(0);
      before += p;
      return lines;
    });
    const total = (code: string) => all.filter((l) => l.code === code).reduce((s, l) => s + l.amount, 0);
    expect(total("PAYMENT_CLEARING")).toBe(-9_999);
    expect(total("COMMISSION_REVENUE")).toBe(1_499);
    expect(total("DISCOUNT_FUNDING_EXPENSE")).toBe(-333);
    expect(total("SELLER_PAYABLE") + seller(saleLines(o))).toBe(0);
  });

  it("refuse a refund beyond the order's total", () => {
    expect(() => refundLines(order, 1, 10_000)).toThrow(/exceeds/);
    expect(() => refundLines(order, 0, 0)).toThrow(/exceeds/);
  });

  it("move a payout through transit to settled or back to the seller, each balanced", () => {
    for (const lines of [payoutLines(700), payoutSettledLines(700), payoutReturnedLines(700)]) expect(sum(lines)).toBe(0);
    expect(seller(payoutLines(700))).toBe(700);
    expect(seller(payoutReturnedLines(700))).toBe(-700);
  });

  it("bucket payout periods by the interval", () => {
    expect(periodStart(new Date("2026-12-02T13:45:00Z"), 86_400).toISOString()).toBe("2026-12-02T00:00:00.000Z");
    expect(periodStart(new Date("2026-12-02T13:45:00Z"), 3_600).toISOString()).toBe("2026-12-02T13:00:00.000Z");
  });
});
