import type { SourceProduct } from "./product-source";

/** One product as the products index holds it (mapping in products-index.ts). */
export interface SearchDocument {
  id: string;
  tenantId: string;
  storeId: string;
  storeSlug: string;
  storeName: string;
  storeFacet: string;
  handle: string;
  title: string;
  description: string;
  tags: string[];
  categoryId: string | null;
  categoryIds: string[];
  categoryNames: string[];
  categoryFacet: string[];
  categoryPath: { id: string; name: string; slug: string }[];
  collectionIds: string[];
  collections: { id: string; handle: string; title: string }[];
  options: { name: string; values: string[] }[];
  optionPairs: string[];
  optionValues: string[];
  skus: string[];
  variants: { id: string; sku: string; title: string; optionValues: Record<string, string>; priceAmount: number; compareAtAmount: number | null; currency: string; available: number }[];
  currency: string;
  minPrice: number;
  maxPrice: number;
  inStock: boolean;
  availableQuantity: number;
  /** Filled by the review projection once reviews exist; 0 until then. */
  ratingAverage: number;
  ratingCount: number;
  imageUrl: string | null;
  publishedAt: string;
  createdAt: string;
  updatedAt: string;
}

/** Joins an id and its display name into one facet key; the id never contains the separator. */
export const FACET_SEPARATOR = "|";
export const facetKey = (id: string, name: string) => `${id}${FACET_SEPARATOR}${name}`;
export function splitFacetKey(key: string): { id: string; name: string } {
  const at = key.indexOf(FACET_SEPARATOR);
  return at < 0 ? { id: key, name: key } : { id: key.slice(0, at), name: key.slice(at + 1) };
}

/** Option names compare case-insensitively ("Size" and "size" are one facet). */
export const optionPair = (name: string, value: string) => `${name.trim().toLowerCase()}=${value}`;

export interface RatingSummary {
  average: number;
  count: number;
}

export function toSearchDocument(p: SourceProduct, rating: RatingSummary = { average: 0, count: 0 }): SearchDocument {
  const prices = p.variants.map((v) => v.priceAmount);
  const available = p.variants.reduce((sum, v) => sum + v.available, 0);
  const pairs = new Set<string>();
  for (const v of p.variants) for (const [name, value] of Object.entries(v.optionValues)) pairs.add(optionPair(name, value));
  const cover = p.images.find((i) => i.renditions)?.renditions?.card.url ?? null;
  return {
    id: p.id,
    tenantId: p.tenantId,
    storeId: p.storeId,
    storeSlug: p.storeSlug,
    storeName: p.storeName,
    storeFacet: facetKey(p.storeId, p.storeName),
    handle: p.handle,
    title: p.title,
    description: p.description,
    tags: p.tags,
    categoryId: p.categoryId,
    categoryIds: p.categoryPath.map((c) => c.id),
    categoryNames: p.categoryPath.map((c) => c.name),
    categoryFacet: p.categoryPath.map((c) => facetKey(c.id, c.name)),
    categoryPath: p.categoryPath,
    collectionIds: p.collections.map((c) => c.id),
    collections: p.collections,
    options: p.options,
    optionPairs: [...pairs].sort(),
    optionValues: [...new Set(p.options.flatMap((o) => o.values))],
    skus: p.variants.map((v) => v.sku),
    variants: p.variants,
    // Price facets and sorts compare minor units; a marketplace in several currencies needs a converted field.
    currency: p.variants[0]?.currency ?? "EUR",
    minPrice: prices.length > 0 ? Math.min(...prices) : 0,
    maxPrice: prices.length > 0 ? Math.max(...prices) : 0,
    inStock: p.variants.some((v) => v.available > 0),
    availableQuantity: available,
    ratingAverage: rating.average,
    ratingCount: rating.count,
    imageUrl: cover,
    // Sorting by newest needs a value on every document (a missing one sorts as Long.MIN, beyond JSON's precision).
    publishedAt: (p.publishedAt ?? p.createdAt).toISOString(),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
