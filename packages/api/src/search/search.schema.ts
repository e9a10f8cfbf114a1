import { z } from "zod";
import { text } from "../validation/text.schema";

// Inputs of the public search procedures. Every string is shaped by the shared text schemas; lists are
// bounded so one request cannot build an unbounded OpenSearch query. A value outside an enum (an
// unknown sort or price bucket) is BAD_REQUEST; an unknown id simply matches nothing.

export const SORTS = ["relevance", "price_asc", "price_desc", "newest", "rating"] as const;
export type SearchSort = (typeof SORTS)[number];

/** Price buckets in minor units of the product's currency: [from, to). */
export const PRICE_BUCKETS = {
  "under-10": { from: 0, to: 1_000 },
  "10-25": { from: 1_000, to: 2_500 },
  "25-50": { from: 2_500, to: 5_000 },
  "50-100": { from: 5_000, to: 10_000 },
  "100-250": { from: 10_000, to: 25_000 },
  "250-plus": { from: 25_000, to: null },
} as const satisfies Record<string, { from: number; to: number | null }>;
export type PriceBucket = keyof typeof PRICE_BUCKETS;
const priceBucket = z.enum(Object.keys(PRICE_BUCKETS) as [PriceBucket, ...PriceBucket[]]);

/** "N stars and up". */
export const RATING_FLOORS = [4, 3, 2, 1] as const;

const storeSlug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "a store slug").max(63);

export const facetFiltersSchema = z
  .object({
    categoryIds: z.array(z.uuid()).max(20).optional(),
    storeIds: z.array(z.uuid()).max(20).optional(),
    price: z.array(priceBucket).max(6).optional(),
    ratingMin: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).optional(),
    inStock: z.boolean().optional(),
    /** Option name → accepted values, e.g. { Size: ["M", "L"], Colour: ["Red"] }. */
    options: z
      .record(text({ max: 50 }), z.array(text({ max: 100 })).min(1).max(20))
      .refine((o) => Object.keys(o).length <= 5, "at most 5 options")
      .optional(),
  })
  .strict();
export type FacetFilters = z.infer<typeof facetFiltersSchema>;

const paging = {
  sort: z.enum(SORTS).default("relevance"),
  limit: z.number().int().min(1).max(50).default(20),
  /** `nextCursor` of the previous page, unchanged. */
  cursor: z.string().max(512).optional(),
  filters: facetFiltersSchema.default({}),
};

export const searchProductsSchema = z
  .object({
    /** Free text; empty or absent browses everything in scope. */
    q: text({ min: 0, max: 200 }).optional(),
    /** Search within one store only. */
    storeSlug: storeSlug.optional(),
    withFacets: z.boolean().default(true),
    ...paging,
  })
  .strict();
export type SearchProductsInput = z.infer<typeof searchProductsSchema>;

export const listByCategorySchema = z
  .object({ categoryId: z.uuid(), withFacets: z.boolean().default(false), ...paging, sort: z.enum(SORTS).default("newest") })
  .strict();
export type ListByCategoryInput = z.infer<typeof listByCategorySchema>;

export const listByStoreSchema = z
  .object({ storeSlug, categoryId: z.uuid().optional(), withFacets: z.boolean().default(false), ...paging, sort: z.enum(SORTS).default("newest") })
  .strict();
export type ListByStoreInput = z.infer<typeof listByStoreSchema>;

export const autocompleteSchema = z
  .object({ q: text({ max: 100 }), storeSlug: storeSlug.optional(), limit: z.number().int().min(1).max(10).default(6) })
  .strict();
export type AutocompleteInput = z.infer<typeof autocompleteSchema>;

export const getProductSchema = z.union([
  z.object({ productId: z.uuid() }).strict(),
  z.object({ storeSlug, handle: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "a product handle").max(120) }).strict(),
]);
export type GetProductInput = z.infer<typeof getProductSchema>;

/** One group of equivalent terms per entry ("tee", "t-shirt", "tshirt"); a term may be a few words. */
export const synonymsSchema = z
  .object({ groups: z.array(z.array(text({ max: 60 })).min(2).max(20)).max(2_000) })
  .strict();
export type SynonymsInput = z.infer<typeof synonymsSchema>;
