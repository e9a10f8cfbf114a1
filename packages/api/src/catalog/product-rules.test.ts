import { describe, expect, it } from "vitest";
import { matrixProblems, transition, variantTitle } from "./product-rules";

const size = { name: "Size", values: ["S", "M"] };
const colour = { name: "Colour", values: ["Red", "Blue"] };

describe("matrixProblems", () => {
  it("accepts a full or partial matrix of distinct combinations", () => {
    expect(matrixProblems([size, colour], [{ Size: "S", Colour: "Red" }, { Size: "M", Colour: "Red" }])).toEqual([]);
    expect(matrixProblems([], [{}])).toEqual([]);
  });

  it("names each bad variant", () => {
    expect(
      matrixProblems(
        [size, colour],
        [{ Size: "S", Colour: "Red" }, { Size: "S", Colour: "Red" }, { Size: "XL", Colour: "Red" }, { Size: "M" }, { Size: "M", Colour: "Blue", Fit: "Slim" }],
      ),
    ).toEqual([
      { variant: 1, message: "same option values as variant 1" },
      { variant: 2, message: "XL is not a value of option Size" },
      { variant: 3, message: "no value for option Colour" },
      { variant: 4, message: "unknown option Fit" },
    ]);
  });

  it("refuses duplicate option names and values, and several variants without options", () => {
    expect(matrixProblems([size, { name: "size", values: ["S", "S"] }], []).map((p) => p.message)).toEqual([
      "option names must be unique",
      "option size lists a value twice",
    ]);
    expect(matrixProblems([], [{}, {}])[0]).toEqual({ variant: 1, message: "a product without options has one variant" });
  });
});

describe("variantTitle and transition", () => {
  it("titles variants by their values in option order", () => {
    expect(variantTitle([size, colour], { Colour: "Red", Size: "M" })).toBe("M / Red");
    expect(variantTitle([], {})).toBe("Default");
  });

  it("allows the legal status moves only", () => {
    expect(transition("DRAFT", "publish")).toEqual({ to: "PUBLISHED" });
    expect(transition("PUBLISHED", "unpublish")).toEqual({ to: "DRAFT" });
    expect(transition("ARCHIVED", "unpublish")).toEqual({ to: "DRAFT" });
    expect(transition("PUBLISHED", "archive")).toEqual({ to: "ARCHIVED" });
    expect(transition("ARCHIVED", "publish")).toBe("illegal");
    expect(transition("PUBLISHED", "publish")).toBe("noop");
  });
});
