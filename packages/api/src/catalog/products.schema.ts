import { z } from "zod";
import {
  barcodeSchema,
  currencySchema,
  cursorSchema,
  descriptionSchema,
  gramsSchema,
  handleSchema,
  MAX_VARIANTS,
  minorAmountSchema,
  optionNameSchema,
  optionValueSchema,
  pageLimitSchema,
  productTitleSchema,
  skuSchema,
  tagsSchema,
  text,
} from "./catalog.fields";

export const optionSchema = z.object({
  name: optionNameSchema,
  values: z.array(optionValueSchema).min(1).max(100),
});

/** At most three options (size, colour, material...), as every platform sellers move from. */
export const optionsSchema = z.array(optionSchema).max(3);

export const optionValuesSchema = z.record(optionNameSchema, optionValueSchema);

export const variantInputSchema = z.object({
  sku: skuSchema,
  optionValues: optionValuesSchema.default({}),
  priceAmount: minorAmountSchema,
  compareAtAmount: minorAmountSchema.nullable().default(null),
  currency: currencySchema,
  weightGrams: gramsSchema.nullable().default(null),
  barcode: barcodeSchema.nullable().default(null),
  lowStockThreshold: z.number().int().min(0).max(1_000_000).nullable().default(null),
});

const productId = z.uuid();
/** The version the caller read; a stale one is CONFLICT. Optional on child edits, required on updateProduct. */
const version = z.number().int().min(1);

export const createProductSchema = z.object({
  storeId: z.uuid(),
  title: productTitleSchema,
  /** Derived from the title when absent. */
  handle: handleSchema.optional(),
  description: descriptionSchema.default(""),
  categoryId: z.uuid().nullable().default(null),
  tags: tagsSchema.default([]),
  options: optionsSchema.default([]),
  variants: z.array(variantInputSchema).min(1).max(MAX_VARIANTS),
});

export const getProductSchema = z.object({ productId });

export const updateProductSchema = z
  .object({
    productId,
    version,
    title: productTitleSchema.optional(),
    handle: handleSchema.optional(),
    description: descriptionSchema.optional(),
    categoryId: z.uuid().nullable().optional(),
    tags: tagsSchema.optional(),
  })
  .refine((v) => [v.title, v.handle, v.description, v.categoryId, v.tags].some((x) => x !== undefined), { message: "nothing to change" });

export const productStatusActionSchema = z.object({ productId, version: version.optional() });
export const bulkStatusSchema = z.object({ productIds: z.array(productId).min(1).max(100) });

export const productStatusSchema = z.enum(["DRAFT", "PUBLISHED", "ARCHIVED"]);

export const listProductsSchema = z.object({
  status: productStatusSchema.optional(),
  storeId: z.uuid().optional(),
  /** The category and every category below it. */
  categoryId: z.uuid().optional(),
  collectionId: z.uuid().optional(),
  /** Case-insensitive substring of the title or of a variant's SKU. */
  q: text(100, 1).optional(),
  updatedSince: z.coerce.date().optional(),
  cursor: cursorSchema.optional(),
  limit: pageLimitSchema,
});

export const addVariantSchema = z.object({ productId, version: version.optional(), variant: variantInputSchema });

export const updateVariantSchema = z
  .object({
    variantId: z.uuid(),
    version: version.optional(),
    sku: skuSchema.optional(),
    optionValues: optionValuesSchema.optional(),
    priceAmount: minorAmountSchema.optional(),
    compareAtAmount: minorAmountSchema.nullable().optional(),
    currency: currencySchema.optional(),
    weightGrams: gramsSchema.nullable().optional(),
    barcode: barcodeSchema.nullable().optional(),
    lowStockThreshold: z.number().int().min(0).max(1_000_000).nullable().optional(),
  })
  .refine((v) => Object.keys(v).some((k) => k !== "variantId" && k !== "version" && v[k as keyof typeof v] !== undefined), {
    message: "nothing to change",
  });

export const removeVariantSchema = z.object({ variantId: z.uuid(), version: version.optional() });

export const setOptionsSchema = z.object({
  productId,
  version: version.optional(),
  options: optionsSchema,
  /** The value existing variants take for an option they do not have yet (an option added). */
  fill: optionValuesSchema.default({}),
});

export const setImagesSchema = z.object({
  productId,
  version: version.optional(),
  /** The whole ordered list: position is the index. Reordering is sending the list in the new order. */
  images: z
    .array(z.object({ assetId: z.uuid(), alt: text(500).default("") }))
    .max(50)
    .refine((list) => new Set(list.map((i) => i.assetId)).size === list.length, { message: "an asset appears twice" }),
});

export const listTagsSchema = z.object({
  /** Tags starting with this prefix. */
  prefix: text(40, 1).toLowerCase().optional(),
  cursor: cursorSchema.optional(),
  limit: pageLimitSchema,
});

export type VariantInput = z.infer<typeof variantInputSchema>;
export type CreateProductInput = z.infer<typeof createProductSchema>;
export type UpdateProductInput = z.infer<typeof updateProductSchema>;
export type ListProductsInput = z.infer<typeof listProductsSchema>;
export type AddVariantInput = z.infer<typeof addVariantSchema>;
export type UpdateVariantInput = z.infer<typeof updateVariantSchema>;
export type RemoveVariantInput = z.infer<typeof removeVariantSchema>;
export type SetOptionsInput = z.infer<typeof setOptionsSchema>;
export type SetImagesInput = z.infer<typeof setImagesSchema>;
export type ListTagsInput = z.infer<typeof listTagsSchema>;
