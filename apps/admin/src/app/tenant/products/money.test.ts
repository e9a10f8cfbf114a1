import { describe, expect, it } from "vitest";

import { majorToMinor, minorToMajor } from "./money";

describe("major ↔ minor units in the product editor", () => {
  it("converts exactly where floating point would not", () => {
    expect(majorToMinor("0.29", "EUR")).toEqual({ ok: true, minor: 29 });
    expect(majorToMinor("19.99", "USD")).toEqual({ ok: true, minor: 1999 });
    expect(majorToMinor("12.5", "EUR")).toEqual({ ok: true, minor: 1250 });
    expect(majorToMinor(" 007 ", "EUR")).toEqual({ ok: true, minor: 700 });
    expect(majorToMinor("1000", "JPY")).toEqual({ ok: true, minor: 1000 });
    expect(majorToMinor("1.234", "BHD")).toEqual({ ok: true, minor: 1234 });
  });

  it("refuses what it would have to round or guess", () => {
    for (const bad of ["12.505", "-1", "1e3", "1,000", "", ".5", "abc", "99999999.99"]) {
      expect(majorToMinor(bad, "EUR").ok, bad).toBe(false);
    }
    expect(majorToMinor("10.5", "JPY").ok).toBe(false);
  });

  it("renders minor units back for an input", () => {
    expect(minorToMajor(29, "EUR")).toBe("0.29");
    expect(minorToMajor(1250, "EUR")).toBe("12.50");
    expect(minorToMajor(1000, "JPY")).toBe("1000");
    expect(minorToMajor(5, "BHD")).toBe("0.005");
  });
});
