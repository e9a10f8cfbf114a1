import { asPlatform } from "@bazaar/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProductView } from "./product-snapshot.service";
import { catalogSnapshot, createCatalogWorld, outboxOf, refusal, variant, type CatalogWorld } from "./catalog.testing";

// CSV import is all or nothing with every bad row reported by line and column; export reads back in.

let w: CatalogWorld;
beforeAll(async () => {
  w = await createCatalogWorld("api_catalog_csv");
  const op = await w.as(w.users.operator, undefined, "OPERATOR");
  const apparel = await op.catalog.createCategory({ name: "Apparel", slug: "apparel" });
  await op.catalog.createCategory({ name: "Shirts", slug: "shirts", parentId: apparel.id });
});
afterAll(async () => {
  await w?.close();
});

const HEADER = "handle,title,description,status,category_path,tags,option1_name,option1_value,sku,price,compare_at_price,currency,weight_grams";
const csv = (...rows: string[]) => [HEADER, ...rows].join("\n") + "\n";
const manager = (tenant: "a" | "b" = "a") => (tenant === "a" ? w.as(w.users.manager, w.tenants.a) : w.as(w.users.ownerB, w.tenants.b));

interface CsvErrors {
  errors: { line: number; column: string | null; message: string }[];
}
const errorsOf = (e: { cause?: unknown }) => ((e.cause as { details: CsvErrors }).details.errors ?? []).map((x) => [x.line, x.column]);

describe("importProductsCsv", () => {
  it("imports products with variants, converting decimal prices exactly by currency", async () => {
    const file = csv(
      'linen-shirt,Linen shirt,"Cool, light",published,apparel/shirts,"summer,linen",Size,S,LS-S,12.50,15.00,USD,220',
      "linen-shirt,,,,,,Size,M,LS-M,0.29,,USD,230",
      "tea-cup,Tea cup,,draft,,,,,CUP-1,1000,,JPY,",
    );
    const before = (await outboxOf(w.db, "catalog.product.created")).length;
    const report = await (await manager()).catalog.importProductsCsv({ storeId: w.stores.a, csv: file });
    expect(report).toMatchObject({ applied: true, products: 2, variants: 3 });
    const s = await w.as(w.users.viewer, w.tenants.a);
    const shirt = await s.catalog.getProduct({ productId: report.productIds[0]! });
    expect(shirt).toMatchObject({ handle: "linen-shirt", status: "PUBLISHED", description: "Cool, light", tags: ["summer", "linen"], options: [{ name: "Size", values: ["S", "M"] }] });
    expect(shirt.variants.map((v) => [v.sku, v.priceAmount, v.compareAtAmount, v.currency, v.weightGrams])).toEqual([
      ["LS-S", 1250, 1500, "USD", 220],
      ["LS-M", 29, null, "USD", 230],
    ]);
    const cup = await s.catalog.getProduct({ productId: report.productIds[1]! });
    expect(cup.variants[0]).toMatchObject({ sku: "CUP-1", priceAmount: 1000, currency: "JPY", title: "Default" });
    const events = await outboxOf(w.db, "catalog.product.created");
    expect(events.slice(before).map((e) => (e.envelope as { payload: { source: string } }).payload.source)).toEqual(["csv-import", "csv-import"]);
  });

  it("reports every bad row with its line and column and applies none of the file", async () => {
    const file = csv(
      "good-one,Good,,draft,,,,,GOOD-1,1.00,,EUR,", // line 2: fine on its own
      "bad-price,Bad price,,draft,,,,,BP-1,12.345,,USD,", // 3: too many decimals
      "float-ish,Float,,draft,,,,,FL-1,1e3,,USD,", // 4: not a decimal
      "yen,Yen,,draft,,,,,YEN-1,10.5,,JPY,", // 5: JPY has no minor unit
      "dup-sku,Dup,,draft,,,,,GOOD-1,1.00,,EUR,", // 6: SKU repeats line 2
      "Bad Handle,Bad handle,,draft,,,,,BH-1,1.00,,EUR,", // 7
      "no-cat,No cat,,draft,nowhere/else,,,,NC-1,1.00,,EUR,", // 8: unknown category
      "taken-sku,Taken,,draft,,,,,LS-S,1.00,,EUR,", // 9: SKU imported before
      "linen-shirt,Again,,draft,,,,,NEW-1,1.00,,EUR,", // 10: handle exists
      "odd-status,Odd,,live,,,,,OS-1,1.00,,EUR,", // 11
      "short,row", // 12: wrong field count
      "neg,Negative,,draft,,,,,NG-1,-1,,EUR,heavy", // 13: price and weight
      "money,Money,,draft,,,,,MO-1,1.00,,eur1,", // 14: currency
    );
    const before = await catalogSnapshot(w.db);
    const error = await refusal((await manager()).catalog.importProductsCsv({ storeId: w.stores.a, csv: file }));
    expect(error.code).toBe("UNPROCESSABLE_CONTENT");
    expect(errorsOf(error)).toEqual([
      [3, "price"],
      [4, "price"],
      [5, "price"],
      [6, "sku"],
      [7, "handle"],
      [8, "category_path"],
      [9, "sku"],
      [10, "handle"],
      [11, "status"],
      [12, null],
      [13, "price"],
      [13, "weight_grams"],
      [14, "currency"],
    ]);
    expect(await catalogSnapshot(w.db)).toEqual(before);
  });

  it.each([
    ["an unclosed quote", `${HEADER}\n"broken,Title,,draft,,,,,B-1,1.00,,EUR,\n`, [[2, null]]],
    ["an unknown column", "handle,title,sku,price,currency,colour\nx,X,X-1,1.00,EUR,red\n", [[1, null]]],
    ["a missing required column", "handle,title,sku,price\nx,X,X-1,1.00\n", [[1, "currency"]]],
    ["a header only", `${HEADER}\n`, [[1, null]]],
    ["variants that do not match the options", csv("opt,Opt,,draft,,,Size,S,OP-1,1.00,,EUR,", "opt,,,,,,Size,S,OP-2,1.00,,EUR,"), [[3, "option1_value"]]],
    ["a product column that differs between rows", csv("pc,One,,draft,,,Size,S,PC-1,1.00,,EUR,", "pc,Two,,draft,,,Size,M,PC-2,1.00,,EUR,"), [[3, "title"]]],
  ])("refuses a malformed file (%s) with its line, changing nothing", async (_what, file, expected) => {
    const before = await catalogSnapshot(w.db);
    const error = await refusal((await manager()).catalog.importProductsCsv({ storeId: w.stores.a, csv: file }));
    expect(error.code).toBe("UNPROCESSABLE_CONTENT");
    expect(errorsOf(error)).toEqual(expected);
    expect(await catalogSnapshot(w.db)).toEqual(before);
  });

  it("refuses a file larger than the bound, another tenant's store, and a STAFF caller", async () => {
    const m = await manager();
    expect((await refusal(m.catalog.importProductsCsv({ storeId: w.stores.a, csv: "x".repeat(900_001) }))).code).toBe("BAD_REQUEST");
    expect((await refusal(m.catalog.importProductsCsv({ storeId: w.stores.b, csv: csv("x,X,,draft,,,,,X-1,1.00,,EUR,") }))).code).toBe("NOT_FOUND");
    const staff = await w.as(w.users.staff, w.tenants.a);
    expect((await refusal(staff.catalog.importProductsCsv({ storeId: w.stores.a, csv: csv("x,X,,draft,,,,,X-1,1.00,,EUR,") }))).code).toBe("FORBIDDEN");
  });

  it("checks a clean file without applying it on a dry run, and refuses a file beyond the plan limit as a whole", async () => {
    const m = await manager();
    const before = await catalogSnapshot(w.db);
    expect(await m.catalog.importProductsCsv({ storeId: w.stores.a, csv: csv("dry,Dry,,draft,,,,,DRY-1,1.00,,EUR,"), dryRun: true })).toEqual({
      applied: false,
      products: 1,
      variants: 1,
      productIds: [],
    });
    const used = await asPlatform(w.db, (tx) => tx.product.count({ where: { tenantId: w.tenants.a } }));
    const rows = Array.from({ length: 50 - used + 1 }, (_, i) => `bulk-${i},Bulk ${i},,draft,,,,,BULK-${i},1.00,,EUR,`);
    const error = await refusal(m.catalog.importProductsCsv({ storeId: w.stores.a, csv: csv(...rows) }));
    expect(error.code).toBe("PRECONDITION_FAILED");
    expect(await catalogSnapshot(w.db)).toEqual(before);
  });
});

describe("exportProductsCsv", () => {
  it("writes the tenant's products in the import format, which imports into another tenant unchanged", async () => {
    const staff = await w.as(w.users.staff, w.tenants.a);
    await staff.catalog.createProduct({
      storeId: w.stores.a,
      title: "=HYPERLINK(evil)",
      handle: "formula",
      options: [{ name: "Size", values: ["S"] }],
      variants: [{ ...variant("FORM-1", { Size: "S" }, 5, "BHD"), barcode: "4006381333931" }],
    });
    const exported = await (await w.as(w.users.viewer, w.tenants.a)).catalog.exportProductsCsv({});
    expect(exported.products).toBe(3);
    expect(exported.csv.split("\n")[0]).toBe(
      "handle,title,description,status,category_path,tags,option1_name,option1_value,option2_name,option2_value,option3_name,option3_value,sku,price,compare_at_price,currency,weight_grams,barcode,low_stock_threshold",
    );
    expect(exported.csv).toContain("formula,'=HYPERLINK(evil)");
    expect(exported.csv).toContain("FORM-1,0.005,,BHD");
    expect(exported.csv).toContain("LS-S,12.50,15.00,USD,220");
    const filtered = await (await w.as(w.users.viewer, w.tenants.a)).catalog.exportProductsCsv({ status: "PUBLISHED" });
    expect(filtered).toMatchObject({ products: 1, rows: 2 });

    const report = await (await manager("b")).catalog.importProductsCsv({ storeId: w.stores.b, csv: exported.csv });
    expect(report).toMatchObject({ applied: true, products: 3, variants: 4 });
    const strip = (p: ProductView) => ({
      handle: p.handle,
      title: p.title,
      description: p.description,
      status: p.status,
      categoryId: p.categoryId,
      tags: p.tags,
      options: p.options,
      variants: p.variants.map(({ id: _id, ...v }) => v),
    });
    const a = (await (await w.as(w.users.viewer, w.tenants.a)).catalog.listProducts({})).items.map(strip);
    const b = (await (await manager("b")).catalog.listProducts({})).items.map(strip);
    const byHandle = (xs: ReturnType<typeof strip>[]) => [...xs].sort((x, y) => x.handle.localeCompare(y.handle));
    expect(byHandle(b)).toEqual(byHandle(a));
  });
});

describe("a large file", () => {
  it("applies a file at the row bound in one transaction", async () => {
    const rows = Array.from({ length: 2_000 }, (_, i) => `big-${Math.floor(i / 2)},Big ${Math.floor(i / 2)},,draft,,,Size,${i % 2 ? "L" : "S"},BIG-${i},1.00,,EUR,`);
    const report = await (await manager("b")).catalog.importProductsCsv({ storeId: w.stores.b, csv: csv(...rows) });
    expect(report).toMatchObject({ applied: true, products: 1_000, variants: 2_000 });
    expect(await asPlatform(w.db, (tx) => tx.outboxEvent.count({ where: { tenantId: w.tenants.b, type: "catalog.product.created" } }))).toBeGreaterThanOrEqual(1_000);
    const tooMany = Array.from({ length: 2_001 }, (_, i) => `more-${i},More,,draft,,,,,MORE-${i},1.00,,EUR,`);
    const error = await refusal((await manager("b")).catalog.importProductsCsv({ storeId: w.stores.b, csv: csv(...tooMany) }));
    expect(errorsOf(error)).toEqual([[1, null]]);
  });
});
