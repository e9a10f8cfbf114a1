import { describe, expect, it } from "vitest";

import { averageText, percentOf, reviewCountText } from "./rating-summary";

describe("rating summary text", () => {
  it("rounds shares to whole percent and reads 0 with no reviews", () => {
    expect(percentOf(1, 3)).toBe(33);
    expect(percentOf(2, 3)).toBe(67);
    expect(percentOf(0, 0)).toBe(0);
  });
  it("says the average with one decimal and the count in words", () => {
    expect(averageText(4.25)).toBe("4.3 out of 5");
    expect(reviewCountText(1)).toBe("1 review");
    expect(reviewCountText(12)).toBe("12 reviews");
  });
});
