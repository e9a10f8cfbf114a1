import { describe, expect, it } from "vitest";
import { canApply, targetStatus, TERMINAL, TRANSITIONS, type PaymentStatus, type Signal } from "./payment-state-machine";

const ALL: PaymentStatus[] = ["AUTHORIZING", "REQUIRES_ACTION", "AUTHORIZED", "CAPTURED", "PARTIALLY_REFUNDED", "REFUNDED", "VOIDED", "FAILED"];
const at = (status: PaymentStatus, capturedAmount = 0, refundedAmount = 0) => ({ status, capturedAmount, refundedAmount });

describe("payment state machine", () => {
  it("never captures twice: a captured signal applies only before capture", () => {
    const captured: Signal = { kind: "captured", capturedAmount: 100 };
    expect(ALL.filter((s) => canApply(captured, at(s)))).toEqual(["AUTHORIZING", "REQUIRES_ACTION", "AUTHORIZED"]);
  });

  it("a late authorized or failed signal cannot undo a capture, a void or a failure", () => {
    for (const s of ["CAPTURED", "PARTIALLY_REFUNDED", "REFUNDED", "VOIDED", "FAILED"] as const) {
      expect(canApply({ kind: "authorized" }, at(s, 100))).toBe(false);
      expect(canApply({ kind: "failed", failureCode: null }, at(s, 100))).toBe(false);
      expect(canApply({ kind: "action_required", nextActionUrl: null }, at(s, 100))).toBe(false);
    }
  });

  it("terminal statuses accept nothing", () => {
    const signals: Signal[] = [
      { kind: "authorized" },
      { kind: "captured", capturedAmount: 1 },
      { kind: "voided" },
      { kind: "failed", failureCode: null },
      { kind: "action_required", nextActionUrl: null },
      { kind: "refunded", totalRefunded: 1 },
    ];
    for (const s of TERMINAL) for (const signal of signals) expect(canApply(signal, at(s, 100, 100))).toBe(false);
  });

  it("refunds move by running total: a replayed or older total changes nothing, more than captured is refused", () => {
    expect(canApply({ kind: "refunded", totalRefunded: 40 }, at("CAPTURED", 100))).toBe(true);
    expect(canApply({ kind: "refunded", totalRefunded: 40 }, at("PARTIALLY_REFUNDED", 100, 40))).toBe(false);
    expect(canApply({ kind: "refunded", totalRefunded: 30 }, at("PARTIALLY_REFUNDED", 100, 40))).toBe(false);
    expect(canApply({ kind: "refunded", totalRefunded: 101 }, at("CAPTURED", 100))).toBe(false);
    expect(targetStatus({ kind: "refunded", totalRefunded: 40 }, { capturedAmount: 100 })).toBe("PARTIALLY_REFUNDED");
    expect(targetStatus({ kind: "refunded", totalRefunded: 100 }, { capturedAmount: 100 })).toBe("REFUNDED");
  });

  it("every source status of every transition is a real, non-terminal status", () => {
    for (const from of Object.values(TRANSITIONS)) for (const s of from) expect(ALL.includes(s) && !TERMINAL.includes(s)).toBe(true);
  });
});
