import { optionPair } from "./search-document";
import { PRICE_BUCKETS, RATING_FLOORS, type FacetFilters, type SearchSort } from "./search.schema";
import { expandQuery, normaliseTerm, type SynonymMap } from "./synonyms";

// Pure translation of a validated search into an OpenSearch request body (unit-tested without a
// cluster). Facets follow the "post_filter" pattern: the query carries only the scope (store, category
// listing) and the text; each selected facet value is a post_filter, and each facet's aggregation is
// filtered by every selected facet except its own, so choosing a size still shows every colour's count.

type Clause = Record<string, unknown>;

/** Fields searched, title first: a title match outranks the same word in a description. */
export const TEXT_FIELDS = ["title^4", "tags.text^2", "categoryNames^2", "optionValues^1.5", "storeName^1.2", "description"];
/** At most this many query words take part (a pasted paragraph is cut, not refused). */
const MAX_WORDS = 12;
const HAS_DIGIT = /\d/;

export const TOTAL_HITS_CAP = 10_000;

export interface Scope {
  storeSlug?: string;
  categoryId?: string;
}

/**
 * Edits forgiven in one query word (decision 0029): none under 4 letters, one for 4–7, two from 8.
 * OpenSearch's AUTO counts the letters of the analyzed token, and stemming shortens a misspelt long word
 * more than the right one ("enaemlled" → "enaemll", 7 letters, against "enamel"): AUTO:4,8 alone would
 * give that swap one edit where it needs two. So a word typed with 8+ letters gets two explicitly, and
 * AUTO:4,8 decides for shorter ones (a stem under 4 letters still matches exactly).
 */
export function fuzzinessFor(word: string): 2 | "AUTO:4,8" {
  return word.length >= 8 ? 2 : "AUTO:4,8";
}

export function textQuery(q: string | undefined, synonyms: SynonymMap): Clause | null {
  const words = normaliseTerm(q ?? "").split(" ").filter(Boolean).slice(0, MAX_WORDS);
  if (words.length === 0) return null;
  const must = expandQuery(words, synonyms).map((unit) => ({
    bool: {
      minimum_should_match: 1,
      should: unit.alternatives.flatMap((term): Clause[] =>
        term.includes(" ")
          ? [{ multi_match: { query: term, type: "phrase", fields: TEXT_FIELDS } }]
          : [
              // A token with a digit (a model number, a size, a SKU part) is not a typo to correct: "12345"
              // one edit away is another product, and its expansions are most of a fuzzy query's cost.
              { multi_match: { query: term, fields: TEXT_FIELDS, ...(HAS_DIGIT.test(term) ? {} : { fuzziness: fuzzinessFor(term), prefix_length: 1, max_expansions: 30 }) } },
              { term: { skus: { value: term, boost: 5 } } },
            ],
      ),
    },
  }));
  return {
    bool: {
      must,
      // Exact phrase in the title ranks above the same words scattered or fuzzy-matched.
      should: [{ match_phrase: { title: { query: words.join(" "), boost: 3 } } }],
    },
  };
}

export type FacetName = "category" | "store" | "price" | "rating" | "inStock" | `option:${string}`;

/** The filter clause of each selected facet, by facet. */
export function facetClauses(filters: FacetFilters): Map<FacetName, Clause> {
  const out = new Map<FacetName, Clause>();
  if (filters.categoryIds?.length) out.set("category", { terms: { categoryIds: filters.categoryIds } });
  if (filters.storeIds?.length) out.set("store", { terms: { storeId: filters.storeIds } });
  if (filters.price?.length) {
    out.set("price", {
      bool: {
        minimum_should_match: 1,
        should: filters.price.map((b) => {
          const { from, to } = PRICE_BUCKETS[b];
          return { range: { minPrice: to === null ? { gte: from } : { gte: from, lt: to } } };
        }),
      },
    });
  }
  if (filters.ratingMin !== undefined) out.set("rating", { range: { ratingAverage: { gte: filters.ratingMin } } });
  if (filters.inStock !== undefined) out.set("inStock", { term: { inStock: filters.inStock } });
  for (const [name, values] of Object.entries(filters.options ?? {})) {
    out.set(`option:${name.trim().toLowerCase()}`, { terms: { optionPairs: values.map((v) => optionPair(name, v)) } });
  }
  return out;
}

const allExcept = (clauses: Map<FacetName, Clause>, except: FacetName | null): Clause => ({
  bool: { filter: [...clauses].filter(([name]) => name !== except).map(([, c]) => c) },
});

export function facetAggregations(clauses: Map<FacetName, Clause>): Record<string, Clause> {
  // A facet with no other selection to respect needs no filter wrapper: the bare aggregation over the
  // query's hits is the same count and skips a per-hit filter check (~15 % of a search's CPU, decision
  // 0029). Either way the buckets are read from `values` (search.service.ts: facetBuckets).
  const agg = (except: FacetName | null, inner: Clause): Clause => {
    const filter = allExcept(clauses, except);
    return (filter.bool as { filter: Clause[] }).filter.length === 0 ? inner : { filter, aggs: { values: inner } };
  };
  const aggs: Record<string, Clause> = {
    category: agg("category", { terms: { field: "categoryFacet", size: 50 } }),
    store: agg("store", { terms: { field: "storeFacet", size: 50 } }),
    price: agg("price", {
      range: { field: "minPrice", keyed: true, ranges: Object.entries(PRICE_BUCKETS).map(([key, { from, to }]) => (to === null ? { key, from } : { key, from, to })) },
    }),
    rating: agg("rating", { range: { field: "ratingAverage", keyed: true, ranges: RATING_FLOORS.map((n) => ({ key: String(n), from: n })) } }),
    inStock: agg("inStock", { terms: { field: "inStock", size: 2 } }),
    options: agg(null, { terms: { field: "optionPairs", size: 300 } }),
  };
  // A selected option counts its own values without its own filter (and with all the others).
  for (const name of clauses.keys()) {
    if (name.startsWith("option:")) aggs[name] = agg(name, { terms: { field: "optionPairs", size: 300 } });
  }
  return aggs;
}

export function sortClause(sort: SearchSort, hasText: boolean): Clause[] {
  const tie = { id: "asc" };
  switch (sort) {
    case "price_asc":
      return [{ minPrice: "asc" }, tie];
    case "price_desc":
      return [{ minPrice: "desc" }, tie];
    case "newest":
      return [{ publishedAt: { order: "desc", missing: "_last" } }, tie];
    case "rating":
      return [{ ratingAverage: "desc" }, { ratingCount: "desc" }, tie];
    case "relevance":
      return hasText ? [{ _score: "desc" }, tie] : [{ publishedAt: { order: "desc", missing: "_last" } }, tie];
  }
}

export const HIT_SOURCE = [
  "id",
  "handle",
  "title",
  "storeId",
  "storeSlug",
  "storeName",
  "categoryPath",
  "currency",
  "minPrice",
  "maxPrice",
  "inStock",
  "ratingAverage",
  "ratingCount",
  "imageUrl",
  "publishedAt",
];

export interface BuildOptions {
  q?: string;
  scope: Scope;
  filters: FacetFilters;
  sort: SearchSort;
  limit: number;
  searchAfter?: unknown[];
  withFacets: boolean;
  synonyms: SynonymMap;
}

export function buildSearchBody(o: BuildOptions): Clause {
  const text = textQuery(o.q, o.synonyms);
  const scope: Clause[] = [];
  if (o.scope.storeSlug) scope.push({ term: { storeSlug: o.scope.storeSlug } });
  if (o.scope.categoryId) scope.push({ term: { categoryIds: o.scope.categoryId } });
  const clauses = facetClauses(o.filters);
  const body: Clause = {
    query: { bool: { must: text ? [text] : [{ match_all: {} }], filter: scope } },
    sort: sortClause(o.sort, text !== null),
    size: o.limit + 1,
    // Counting stops at 10,000 (shown as "10,000+"): an exact count of a huge result costs every hit.
    track_total_hits: TOTAL_HITS_CAP,
    _source: HIT_SOURCE,
  };
  if (clauses.size > 0) body.post_filter = allExcept(clauses, null);
  if (o.withFacets) body.aggs = facetAggregations(clauses);
  if (o.searchAfter) body.search_after = o.searchAfter;
  if (text) {
    body.highlight = {
      encoder: "html",
      pre_tags: ["<mark>"],
      post_tags: ["</mark>"],
      fields: { title: { number_of_fragments: 0 }, description: { fragment_size: 160, number_of_fragments: 1 } },
    };
  }
  return body;
}
