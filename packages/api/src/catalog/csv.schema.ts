import { z } from "zod";
import { longText } from "./catalog.fields";
import { listProductsSchema } from "./products.schema";

/** 900 kB of CSV text: a few thousand variants, and with JSON escaping still under the API's 1 MiB body limit. */
export const MAX_CSV_CHARS = 900_000;
/**
 * Rows per file. A file is applied inside the request's one transaction, which Prisma ends after 5 s; 2,000
 * rows take about a second on the development machine, leaving room for a loaded one. Larger catalogs are
 * imported as several files, each all or nothing.
 */
export const MAX_CSV_ROWS = 2_000;

export const importProductsCsvSchema = z.object({
  storeId: z.uuid(),
  /** Control characters other than line breaks and tabs are refused before parsing (as in any text). */
  csv: longText(MAX_CSV_CHARS, 1),
  /** Validate only: the report of a valid file, nothing applied. */
  dryRun: z.boolean().default(false),
});

export const exportProductsCsvSchema = listProductsSchema.omit({ cursor: true, limit: true });

/** The columns, in order. One row per variant; a product's columns repeat on each of its rows. */
export const CSV_COLUMNS = [
  "handle",
  "title",
  "description",
  "status",
  "category_path",
  "tags",
  "option1_name",
  "option1_value",
  "option2_name",
  "option2_value",
  "option3_name",
  "option3_value",
  "sku",
  "price",
  "compare_at_price",
  "currency",
  "weight_grams",
  "barcode",
  "low_stock_threshold",
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];
export type ImportProductsCsvInput = z.infer<typeof importProductsCsvSchema>;
export type ExportProductsCsvInput = z.infer<typeof exportProductsCsvSchema>;
