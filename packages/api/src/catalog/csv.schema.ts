import { z } from "zod";
import { listProductsSchema } from "./products.schema";

/** 2 MB of CSV text: a few thousand variants, well under the API's body limit. */
export const MAX_CSV_CHARS = 2_000_000;
export const MAX_CSV_ROWS = 5_000;

export const importProductsCsvSchema = z.object({
  storeId: z.uuid(),
  csv: z.string().min(1).max(MAX_CSV_CHARS),
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
