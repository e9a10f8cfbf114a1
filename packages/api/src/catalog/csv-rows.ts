import { CsvError as ParseError, parse } from "csv-parse/sync";
import type { z } from "zod";
import { MAX_VARIANTS, barcodeSchema, currencySchema, descriptionSchema, handleSchema, optionNameSchema, optionValueSchema, productTitleSchema, skuSchema, tagsSchema } from "./catalog.fields";
import { decimalToMinor } from "./money";
import { matrixProblems, type OptionSpec, type OptionValues, type ProductStatusName } from "./product-rules";
import { CSV_COLUMNS, MAX_CSV_ROWS, type CsvColumn } from "./csv.schema";
import type { VariantView } from "./product-snapshot.service";

// Reads a products CSV into product drafts, or the list of everything wrong with it. Pure: the checks
// that need the database (handles and SKUs already used, category paths) are the import service's.

export interface CsvRowError {
  /** 1-based line of the file where the row ends (the header is line 1). */
  line: number;
  /** The column at fault, or null for the row (or file) as a whole. */
  column: CsvColumn | null;
  message: string;
}

export type VariantDraft = Omit<VariantView, "id" | "title" | "position"> & { line: number };

export interface ProductDraft {
  line: number;
  handle: string;
  title: string;
  description: string;
  status: ProductStatusName;
  categoryPath: string | null;
  tags: string[];
  options: OptionSpec[];
  variants: VariantDraft[];
}

const REQUIRED: CsvColumn[] = ["handle", "title", "sku", "price", "currency"];
const PRODUCT_COLUMNS = ["title", "description", "status", "category_path", "tags"] as const satisfies CsvColumn[];
const OPTION_SLOTS = [1, 2, 3] as const;

/** Export prefixes a quote to text that a spreadsheet would run as a formula; import takes it off. */
export const FORMULA_START = /^[=+\-@\t\r]/;
const unescapeCell = (v: string) => (v.startsWith("'") && FORMULA_START.test(v.slice(1)) ? v.slice(1) : v);

function check<T>(schema: z.ZodType<T>, value: unknown, error: (message: string) => void): T | undefined {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  error(r.error.issues[0]?.message ?? "invalid");
  return undefined;
}

function intCell(value: string, max: number, error: (m: string) => void): number | null {
  if (value === "") return null;
  if (!/^(0|[1-9][0-9]*)$/.test(value) || Number(value) > max) {
    error(`"${value}" is not a whole number from 0 to ${max}`);
    return null;
  }
  return Number(value);
}

export function readProductsCsv(text: string): { drafts: ProductDraft[]; errors: CsvRowError[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof ParseError) return { drafts: [], errors: [{ line: (error as ParseError & { lines?: number }).lines ?? 1, column: null, message: error.message }] };
    throw error;
  }
  const errors: CsvRowError[] = [];
  const [head, ...rows] = records;
  if (!head) return { drafts: [], errors: [{ line: 1, column: null, message: "the file is empty" }] };
  const header = head.record.map((h) => h.trim().toLowerCase());
  header.forEach((h, i) => {
    if (!(CSV_COLUMNS as readonly string[]).includes(h)) errors.push({ line: 1, column: null, message: `unknown column "${h}" (column ${i + 1})` });
    else if (header.indexOf(h) !== i) errors.push({ line: 1, column: h as CsvColumn, message: `column ${h} appears twice` });
  });
  for (const r of REQUIRED) if (!header.includes(r)) errors.push({ line: 1, column: r, message: `required column ${r} is missing` });
  if (errors.length > 0) return { drafts: [], errors };
  if (rows.length === 0) return { drafts: [], errors: [{ line: 1, column: null, message: "the file has a header but no rows" }] };
  if (rows.length > MAX_CSV_ROWS) return { drafts: [], errors: [{ line: 1, column: null, message: `at most ${MAX_CSV_ROWS} rows per file; this one has ${rows.length}` }] };

  const products = new Map<string, ProductDraft & { cells: Record<string, string> }>();
  const skus = new Map<string, number>();
  for (const { record, info } of rows) {
    const line = info.lines;
    if (record.length !== header.length) {
      errors.push({ line, column: null, message: `expected ${header.length} fields, found ${record.length}` });
      continue;
    }
    const cell = (c: CsvColumn) => {
      const i = header.indexOf(c);
      return i < 0 ? "" : unescapeCell(record[i]!.trim());
    };
    const err = (column: CsvColumn) => (message: string) => errors.push({ line, column, message });
    const handle = check(handleSchema, cell("handle"), err("handle"));
    if (handle === undefined) continue;

    let product = products.get(handle);
    if (!product) {
      const statusCell = cell("status").toUpperCase() || "DRAFT";
      const status = (["DRAFT", "PUBLISHED", "ARCHIVED"] as const).find((s) => s === statusCell);
      if (!status) err("status")(`"${cell("status")}" is not draft, published or archived`);
      const options: OptionSpec[] = [];
      for (const n of OPTION_SLOTS) {
        const name = cell(`option${n}_name`);
        if (name === "") continue;
        const parsed = check(optionNameSchema, name, err(`option${n}_name`));
        if (parsed !== undefined) options.push({ name: parsed, values: [] });
      }
      product = {
        line,
        handle,
        title: check(productTitleSchema, cell("title"), err("title")) ?? "",
        description: check(descriptionSchema, cell("description"), err("description")) ?? "",
        status: status ?? "DRAFT",
        categoryPath: cell("category_path") || null,
        tags: check(tagsSchema, cell("tags") === "" ? [] : cell("tags").split(",").map((t) => t.trim()), err("tags")) ?? [],
        options,
        variants: [],
        cells: Object.fromEntries(PRODUCT_COLUMNS.map((c) => [c, cell(c)])),
      };
      products.set(handle, product);
    } else {
      for (const c of PRODUCT_COLUMNS) {
        if (cell(c) !== "" && cell(c) !== product.cells[c]) err(c)(`differs from line ${product.line} of product ${handle}; leave it empty or repeat it`);
      }
    }

    const optionValues: OptionValues = {};
    OPTION_SLOTS.forEach((n, i) => {
      const name = cell(`option${n}_name`);
      const value = cell(`option${n}_value`);
      const option = product.options[i];
      if (name !== "" && name !== option?.name) return err(`option${n}_name`)(option ? `is ${option.name} on line ${product.line}` : `no option ${n} on line ${product.line}`);
      if (value === "") return;
      if (!option) return err(`option${n}_value`)(`a value without an option ${n} name`);
      const parsed = check(optionValueSchema, value, err(`option${n}_value`));
      if (parsed === undefined) return;
      optionValues[option.name] = parsed;
      if (!option.values.includes(parsed)) option.values.push(parsed); // at most 100 values: the variant cap bounds it
    });

    const sku = check(skuSchema, cell("sku"), err("sku"));
    if (sku !== undefined) {
      const first = skus.get(sku);
      if (first !== undefined) err("sku")(`SKU ${sku} is also on line ${first}`);
      else skus.set(sku, line);
    }
    const currency = check(currencySchema, cell("currency").toUpperCase(), err("currency"));
    const money = (column: "price" | "compare_at_price", required: boolean): number | null => {
      const value = cell(column);
      if (value === "") {
        if (required) err(column)("a price is required");
        return null;
      }
      if (!currency) return null;
      const r = decimalToMinor(value, currency);
      if (!r.ok) err(column)(r.reason);
      return r.ok ? r.minor : null;
    };
    const priceAmount = money("price", true);
    const compareAtAmount = money("compare_at_price", false);
    const weightGrams = intCell(cell("weight_grams"), 10_000_000, err("weight_grams"));
    const lowStockThreshold = intCell(cell("low_stock_threshold"), 1_000_000, err("low_stock_threshold"));
    const barcode = cell("barcode") === "" ? null : (check(barcodeSchema, cell("barcode"), err("barcode")) ?? null);
    if (sku !== undefined && currency !== undefined && priceAmount !== null) {
      product.variants.push({ line, sku, optionValues, priceAmount, compareAtAmount, currency, weightGrams, barcode, lowStockThreshold });
    }
  }

  for (const p of products.values()) {
    const extra = p.variants[MAX_VARIANTS];
    if (extra) errors.push({ line: extra.line, column: null, message: `product ${p.handle} has more than ${MAX_VARIANTS} variants` });
    for (const problem of matrixProblems(p.options, p.variants.map((v) => v.optionValues))) {
      const line = problem.variant === null ? p.line : (p.variants[problem.variant]?.line ?? p.line);
      errors.push({ line, column: "option1_value", message: problem.message });
    }
  }
  const drafts = [...products.values()].map(({ cells: _cells, ...draft }) => draft);
  return { drafts, errors: errors.sort((a, b) => a.line - b.line) };
}
