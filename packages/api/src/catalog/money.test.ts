import { describe, expect, it } from "vitest";
import { decimalToMinor, minorToDecimal } from "./money";

describe("decimalToMinor", () => {
  it("converts exactly by the currency's exponent", () => {
    expect(decimalToMinor("12.50", "USD")).toEqual({ ok: true, minor: 1250 });
    expect(decimalToMinor("12.5", "USD")).toEqual({ ok: true, minor: 1250 });
    expect(decimalToMinor("0.29", "EUR")).toEqual({ ok: true, minor: 29 });
    expect(decimalToMinor("1000", "JPY")).toEqual({ ok: true, minor: 1000 });
    expect(decimalToMinor("1.234", "BHD")).toEqual({ ok: true, minor: 1234 });
    expect(decimalToMinor("21474836.47", "USD")).toEqual({ ok: true, minor: 2_147_483_647 });
  });

  it.each([["12.345", "USD"], ["10.5", "JPY"], ["-1", "USD"], ["1,000", "USD"], ["1e3", "USD"], ["", "USD"], ["01.00", "USD"], [" 1", "USD"], ["21474836.48", "USD"]])(
    "refuses %s %s",
    (value, currency) => {
      expect(decimalToMinor(value, currency).ok).toBe(false);
    },
  );
});

describe("minorToDecimal", () => {
  it("formats back without floats", () => {
    expect(minorToDecimal(1250, "USD")).toBe("12.50");
    expect(minorToDecimal(5, "USD")).toBe("0.05");
    expect(minorToDecimal(1000, "JPY")).toBe("1000");
    expect(minorToDecimal(1234, "BHD")).toBe("1.234");
  });
});
