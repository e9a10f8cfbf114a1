import { describe, expect, it } from "vitest";

import { initialSelection, selectionFromVariantId, variantFor, variantWith } from "./variant-choice";

const options = [
  { name: "Size", values: ["S", "M", "L"] },
  { name: "Colour", values: ["Black", "White"] },
];
// No L / White: that combination does not exist.
const variants = [
  { id: "s-black", optionValues: { Size: "S", Colour: "Black" }, available: 0 },
  { id: "s-white", optionValues: { Size: "S", Colour: "White" }, available: 2 },
  { id: "m-black", optionValues: { Size: "M", Colour: "Black" }, available: 5 },
  { id: "l-black", optionValues: { Size: "L", Colour: "Black" }, available: 1 },
];

describe("variant picker rules", () => {
  it("starts on the first variant in stock", () => {
    expect(initialSelection(variants)).toEqual({ Size: "S", Colour: "White" });
    expect(initialSelection(variants.map((v) => ({ ...v, available: 0 })))).toEqual({ Size: "S", Colour: "Black" });
    expect(initialSelection([])).toEqual({});
  });

  it("matches a selection to its variant", () => {
    expect(variantFor(variants, options, { Size: "M", Colour: "Black" })?.id).toBe("m-black");
    expect(variantFor(variants, options, { Size: "L", Colour: "White" })).toBeUndefined();
  });

  it("offers only values that exist with the other choices", () => {
    const selection = { Size: "S", Colour: "White" };
    expect(variantWith(variants, options, selection, "Size", "M")).toBeUndefined();
    expect(variantWith(variants, options, selection, "Colour", "Black")?.id).toBe("s-black");
    expect(variantWith(variants, options, { Size: "L", Colour: "Black" }, "Colour", "White")).toBeUndefined();
  });

  it("reads a variant id from the URL only when it is one of the product's", () => {
    expect(selectionFromVariantId(variants, "l-black")).toEqual({ Size: "L", Colour: "Black" });
    expect(selectionFromVariantId(variants, "other")).toBeNull();
    expect(selectionFromVariantId(variants, null)).toBeNull();
  });
});
