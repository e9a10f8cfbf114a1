import type { Tx } from "@bazaar/db";
import { stringify } from "csv-stringify/sync";
import { pageOf } from "./cursor";
import { FORMULA_START } from "./csv-rows";
import { CSV_COLUMNS, type CsvColumn, type ExportProductsCsvInput } from "./csv.schema";
import { minorToDecimal } from "./money";
import { afterCursor, newestFirst, productWhere } from "./product-list.service";
import { productInclude, productView, type ProductView } from "./product-snapshot.service";

// The tenant's products as the import reads them: one row per variant, product columns repeated, so
// an export edited in a spreadsheet imports again into another tenant or platform unchanged.

const BATCH = 200;

/** Text a spreadsheet would execute as a formula gets a leading quote (csv-rows.ts takes it off). */
const safe = (v: string) => (FORMULA_START.test(v) ? `'${v}` : v);

function rowsOf(p: ProductView, categoryPaths: Map<string, string>): Record<CsvColumn, string>[] {
  return p.variants.map((v) => {
    const row: Record<string, string> = {
      handle: p.handle,
      title: safe(p.title),
      description: safe(p.description),
      status: p.status.toLowerCase(),
      category_path: p.categoryId ? (categoryPaths.get(p.categoryId) ?? "") : "",
      tags: safe(p.tags.join(",")),
      sku: v.sku,
      price: minorToDecimal(v.priceAmount, v.currency),
      compare_at_price: v.compareAtAmount === null ? "" : minorToDecimal(v.compareAtAmount, v.currency),
      currency: v.currency,
      weight_grams: v.weightGrams === null ? "" : String(v.weightGrams),
      barcode: v.barcode ?? "",
      low_stock_threshold: v.lowStockThreshold === null ? "" : String(v.lowStockThreshold),
    };
    p.options.forEach((o, i) => {
      row[`option${i + 1}_name`] = safe(o.name);
      row[`option${i + 1}_value`] = safe(v.optionValues[o.name] ?? "");
    });
    return Object.fromEntries(CSV_COLUMNS.map((c) => [c, row[c] ?? ""])) as Record<CsvColumn, string>;
  });
}

export async function exportProductsCsv(tx: Tx, tenantId: string, filter: ExportProductsCsvInput): Promise<{ csv: string; products: number; rows: number }> {
  const where = await productWhere(tx, tenantId, filter);
  const categories = await tx.category.findMany({ select: { id: true, path: true } });
  const paths = new Map(categories.map((c) => [c.id, c.path]));
  const out: Record<CsvColumn, string>[] = [];
  let products = 0;
  let cursor: string | undefined;
  do {
    const batch = await tx.product.findMany({ where: { AND: [where, afterCursor(cursor)] }, orderBy: newestFirst, take: BATCH + 1, include: productInclude });
    const page = pageOf(batch, BATCH, (r) => r.updatedAt.toISOString(), productView);
    for (const p of page.items) out.push(...rowsOf(p, paths));
    products += page.items.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { csv: stringify(out, { header: true, columns: [...CSV_COLUMNS] }), products, rows: out.length };
}
