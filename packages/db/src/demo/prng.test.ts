import { describe, expect, it } from "vitest";
import { demoUuid, ean13, prng, shelfPrice } from "./prng";

describe("demo determinism", () => {
  it("derives the same RFC 9562 v8 UUID from the same key, and different ones from different keys", () => {
    expect(demoUuid("store:acme")).toBe(demoUuid("store:acme"));
    expect(demoUuid("store:acme")).not.toBe(demoUuid("store:bolt"));
    expect(demoUuid("x")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("replays the same sequence for the same seed", () => {
    const a = prng("seed");
    const b = prng("seed");
    expect(Array.from({ length: 5 }, () => a.int(0, 1_000))).toEqual(Array.from({ length: 5 }, () => b.int(0, 1_000)));
    expect(prng("seed").sample([1, 2, 3, 4, 5, 6], 3)).toEqual(prng("seed").sample([1, 2, 3, 4, 5, 6], 3));
  });

  it("computes EAN-13 check digits", () => {
    expect(ean13("400638133393")).toBe("4006381333931");
    expect(ean13("590123412345")).toBe("5901234123457");
  });

  it("makes integer shelf prices within range", () => {
    const rand = prng("prices");
    for (let i = 0; i < 100; i++) {
      const p = shelfPrice(rand, 1_000, 5_000);
      expect(Number.isInteger(p)).toBe(true);
      expect(p).toBeGreaterThanOrEqual(900);
      expect(p).toBeLessThanOrEqual(5_000);
    }
  });
});
