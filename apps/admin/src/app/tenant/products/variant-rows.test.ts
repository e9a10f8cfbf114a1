import { describe, expect, it } from "vitest";

import { combinations, comboKey, emptyDraft, toVariantInput } from "./variant-rows";

describe("the variant matrix", () => {
  const options = [
    { name: "Size", values: ["S", "M"] },
    { name: "Colour", values: ["Red", "Blue"] },
  ];

  it("has one row per combination of option values, in option order", () => {
    expect(combinations(options).map((v) => comboKey(options, v))).toEqual(["S / Red", "S / Blue", "M / Red", "M / Blue"]);
    expect(combinations([])).toEqual([{}]);
    expect(comboKey([], {})).toBe("Default");
  });

  it("turns a row into the API's input with exact minor units, or says what is wrong", () => {
    const row = { ...emptyDraft({ Size: "S" }), sku: " TS-S ", price: "19.99", compareAt: "25", weight: "180", threshold: "3" };
    expect(toVariantInput(row, "EUR")).toEqual({
      ok: true,
      variant: { sku: "TS-S", optionValues: { Size: "S" }, priceAmount: 1999, compareAtAmount: 2500, currency: "EUR", weightGrams: 180, barcode: null, lowStockThreshold: 3 },
    });
    expect(toVariantInput({ ...row, sku: "", price: "1.999", weight: "1.5" }, "EUR")).toEqual({
      ok: false,
      errors: { sku: "a SKU is required", price: "EUR has 2 decimal places", weight: "whole grams" },
    });
  });
});
