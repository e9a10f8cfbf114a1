import { describe, expect, it } from "vitest";
import { createDrainRate, sizedBacklog } from "./admission-rate";

describe("the sagas' pace as admission measures it", () => {
  it("counts what left the backlog between counts: the backlog before, plus what this process placed, minus the backlog now", () => {
    const rate = createDrainRate({ windowMs: 2_000, minSpanMs: 500 });
    rate.sample(0, 10, 0);
    // 6 placed here, backlog 10 → 8: 8 left in 250 ms.
    rate.sample(250, 8, 6);
    expect(rate.perSecond(250)).toBeNull(); // 250 ms of samples: too little to say
    // 2 more placed, backlog 8 → 4: 6 left; 14 in 500 ms.
    rate.sample(500, 4, 8);
    expect(rate.perSecond(500)).toBe(28);
  });

  it("never counts a departure below zero (other processes' placements only make it smaller)", () => {
    const rate = createDrainRate({ windowMs: 2_000, minSpanMs: 500 });
    rate.sample(0, 0, 0);
    rate.sample(600, 9, 2); // backlog grew by more than this process placed
    expect(rate.perSecond(600)).toBe(0);
  });

  it("forgets samples older than the window, so a quiet spell gives no rate rather than an old one", () => {
    const rate = createDrainRate({ windowMs: 1_000, minSpanMs: 500 });
    rate.sample(0, 20, 0);
    rate.sample(500, 0, 0);
    expect(rate.perSecond(500)).toBe(40);
    expect(rate.perSecond(1_600)).toBeNull();
    // The next count after the pause spans it and is dropped at once; the one after starts afresh.
    rate.sample(5_000, 3, 3);
    expect(rate.perSecond(5_000)).toBeNull();
    rate.sample(5_600, 0, 3);
    expect(rate.perSecond(5_600)).toBe(5);
  });

  it("sizes the backlog as the departures in the target time, within the bounds, and the most while nothing is measured", () => {
    const bounds = { targetMs: 300, min: 4, max: 32 };
    expect(sizedBacklog(null, bounds)).toBe(32);
    expect(sizedBacklog(40, bounds)).toBe(12);
    expect(sizedBacklog(41, bounds)).toBe(13); // rounded up: never below the pace
    expect(sizedBacklog(0, bounds)).toBe(4);
    expect(sizedBacklog(1_000, bounds)).toBe(32);
  });
});
