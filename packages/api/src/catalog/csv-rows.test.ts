import { describe, expect, it } from "vitest";
import { readProductsCsv } from "./csv-rows";

const HEADER = "handle,title,tags,option1_name,option1_value,sku,price,currency,barcode";

describe("readProductsCsv", () => {
  it("groups rows by handle into products, options in order of appearance", () => {
    const { drafts, errors } = readProductsCsv(`\uFEFF${HEADER}\nmug,'=Mug,"a, b",Colour,Red,M-R,3.00,eur,\nmug,,,Colour,Blue,M-B,3.50,EUR,123\n`);
    expect(errors).toEqual([]);
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({
      line: 2,
      handle: "mug",
      title: "=Mug",
      tags: ["a", "b"],
      status: "DRAFT",
      options: [{ name: "Colour", values: ["Red", "Blue"] }],
    });
    expect(drafts[0]!.variants.map((v) => [v.line, v.sku, v.priceAmount, v.currency, v.barcode])).toEqual([
      [2, "M-R", 300, "EUR", null],
      [3, "M-B", 350, "EUR", "123"],
    ]);
  });

  it("reports a value without its option, an option name that changes and more variants than a product may have", () => {
    const rows = Array.from({ length: 101 }, (_, i) => `big,Big,,Size,s${i},B-${i},1,USD,`);
    const { errors } = readProductsCsv(`${HEADER}\nodd,Odd,,,x,O-1,1,USD,\nodd,,,Fit,y,O-2,1,USD,\n${rows.join("\n")}\n`);
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [2, "option1_value"],
      [3, "option1_name"],
      [3, "option1_value"], // a product without options has one variant
      [3, "option1_value"], // and the second has the same (no) option values
      [104, null],
    ]);
  });

  it("refuses control characters in a cell as a row error", () => {
    const { errors } = readProductsCsv(`${HEADER}\nbell,Bell\u0007,,,,BL-1,1,USD,\n`);
    expect(errors).toEqual([{ line: 2, column: "title", message: "must not contain control characters" }]);
  });
});
