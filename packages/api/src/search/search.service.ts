import { asPlainJson } from "../transformer";
import { productsAlias } from "./products-index";
import { rawSearch, type SearchBackend } from "./opensearch";
import { splitFacetKey, type SearchDocument } from "./search-document";
import { decodeCursor, encodeCursor, searchFingerprint } from "./search-cursor";
import { buildSearchBody, type Scope } from "./search-query";
import { PRICE_BUCKETS, RATING_FLOORS, type FacetFilters, type PriceBucket, type SearchSort } from "./search.schema";
import { loadSynonyms } from "./synonyms";

export type ProductHit = Pick<
  SearchDocument,
  "id" | "handle" | "title" | "storeId" | "storeSlug" | "storeName" | "categoryPath" | "currency" | "minPrice" | "maxPrice" | "inStock" | "ratingAverage" | "ratingCount" | "imageUrl" | "publishedAt"
> & {
  /** HTML-escaped text with the matched words in <mark>; absent without a text query. */
  highlight: { title?: string; description?: string };
};

export interface FacetCount {
  id: string;
  name: string;
  count: number;
}

export interface Facets {
  categories: FacetCount[];
  stores: FacetCount[];
  price: { key: PriceBucket; from: number; to: number | null; count: number }[];
  rating: { min: number; count: number }[];
  inStock: { inStock: number; outOfStock: number };
  /** Option names as indexed (lower-case), each with its values' counts. */
  options: { name: string; values: { value: string; count: number }[] }[];
}

export interface SearchResult {
  total: number;
  /** false when `total` is the 10,000 cap and more products match. */
  totalExact: boolean;
  hits: ProductHit[];
  facets: Facets | null;
  nextCursor: string | null;
}

export interface SearchRequest {
  q?: string;
  scope: Scope;
  filters: FacetFilters;
  sort: SearchSort;
  limit: number;
  cursor?: string;
  withFacets: boolean;
}

interface Bucket {
  key: string | number;
  key_as_string?: string;
  doc_count: number;
}
type AggBuckets = { buckets: Bucket[] | Record<string, Bucket & { from?: number; to?: number }> };
/** A facet's aggregation: bare, or inside a filter aggregation when other facets are selected. */
type Agg = AggBuckets | { values: AggBuckets };

const facetBuckets = (agg: Agg | undefined): AggBuckets["buckets"] | undefined => (agg ? ("values" in agg ? agg.values : agg).buckets : undefined);

const buckets = (agg: Agg | undefined): Bucket[] => {
  const b = facetBuckets(agg);
  return Array.isArray(b) ? b : [];
};

function optionFacets(aggs: Record<string, Agg>): Facets["options"] {
  const byName = new Map<string, Map<string, number>>();
  const add = (pairs: Bucket[], only?: string) => {
    for (const b of pairs) {
      const key = String(b.key);
      const at = key.indexOf("=");
      const name = key.slice(0, at);
      if (only !== undefined ? name !== only : aggs[`option:${name}`] !== undefined) continue;
      const values = byName.get(name) ?? new Map<string, number>();
      values.set(key.slice(at + 1), b.doc_count);
      byName.set(name, values);
    }
  };
  add(buckets(aggs.options));
  for (const [aggName, agg] of Object.entries(aggs)) {
    if (aggName.startsWith("option:")) add(buckets(agg), aggName.slice("option:".length));
  }
  return [...byName]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, values]) => ({ name, values: [...values].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)) }));
}

function toFacets(aggs: Record<string, Agg>): Facets {
  const keyed = (agg: Agg | undefined) => {
    const b = facetBuckets(agg);
    return b && !Array.isArray(b) ? b : {};
  };
  const price = keyed(aggs.price);
  const rating = keyed(aggs.rating);
  const stock = buckets(aggs.inStock);
  const named = (agg: Agg | undefined) => buckets(agg).map((b) => ({ ...splitFacetKey(String(b.key)), count: b.doc_count }));
  return {
    categories: named(aggs.category),
    stores: named(aggs.store),
    price: (Object.keys(PRICE_BUCKETS) as PriceBucket[]).map((key) => ({ key, ...PRICE_BUCKETS[key], count: price[key]?.doc_count ?? 0 })),
    rating: RATING_FLOORS.map((n) => ({ min: n, count: rating[String(n)]?.doc_count ?? 0 })),
    inStock: {
      inStock: stock.find((b) => b.key === 1 || b.key_as_string === "true")?.doc_count ?? 0,
      outOfStock: stock.find((b) => b.key === 0 || b.key_as_string === "false")?.doc_count ?? 0,
    },
    options: optionFacets(aggs),
  };
}

interface RawHit {
  _source: Omit<ProductHit, "highlight">;
  sort: unknown[];
  highlight?: { title?: string[]; description?: string[] };
}

interface SearchResponseBody {
  hits: { total: { value: number; relation: "eq" | "gte" }; hits: RawHit[] };
  aggregations?: Record<string, Agg>;
}

export async function searchProducts(backend: SearchBackend, request: SearchRequest): Promise<SearchResult> {
  const fingerprint = searchFingerprint({ q: request.q ?? "", scope: request.scope, filters: request.filters, sort: request.sort });
  const searchAfter = request.cursor ? decodeCursor(request.cursor, request.sort, fingerprint) : undefined;
  const synonyms = await loadSynonyms(backend);
  const body = buildSearchBody({ ...request, synonyms, ...(searchAfter ? { searchAfter } : {}) });
  // Listings without text (category and store pages) repeat exactly; the shard request cache answers a
  // repeat until the next refresh that changed the index. Text searches rarely repeat, so they skip it.
  const res = await backend.guarded((c) => rawSearch<SearchResponseBody>(c, productsAlias(backend.prefix), body, !request.q?.trim()));
  if (res.statusCode === 404) return { total: 0, totalExact: true, hits: [], facets: request.withFacets ? toFacets({}) : null, nextCursor: null };
  const out = res.body;
  const raw = out.hits.hits;
  const page = raw.slice(0, request.limit);
  const last = page[page.length - 1];
  // Built from OpenSearch's JSON: strings, numbers, booleans and null only.
  return asPlainJson({
    total: out.hits.total.value,
    totalExact: out.hits.total.relation === "eq",
    hits: page.map((h) => ({
      ...h._source,
      highlight: {
        ...(h.highlight?.title?.[0] ? { title: h.highlight.title[0] } : {}),
        ...(h.highlight?.description?.[0] ? { description: h.highlight.description[0] } : {}),
      },
    })),
    facets: request.withFacets ? toFacets(out.aggregations ?? {}) : null,
    nextCursor: raw.length > request.limit && last ? encodeCursor(request.sort, last.sort, fingerprint) : null,
  });
}
