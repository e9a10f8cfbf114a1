import { productsAlias } from "./products-index";
import { rawSearch, type SearchBackend } from "./opensearch";
import { splitFacetKey } from "./search-document";
import type { AutocompleteInput } from "./search.schema";
import { normaliseTerm } from "./synonyms";

export interface Suggestions {
  products: { id: string; handle: string; title: string; storeSlug: string; imageUrl: string | null }[];
  /** Categories whose name matches what was typed and that hold listed products (in scope). */
  categories: { id: string; name: string; count: number }[];
}

// Products: the title's search_as_you_type subfields with a bool_prefix query (the last word is a
// prefix). Categories: the same query on category names over every product in scope (a global
// aggregation, independent of the product hits), then the names whose words the typed words begin.

interface AutocompleteResponse {
  hits: { hits: { _source: Suggestions["products"][number] }[] };
  aggregations: { everywhere: { matched: { names: { buckets: { key: string; doc_count: number }[] } } } };
}

const matchesTyped = (name: string, words: string[]) => {
  const nameWords = normaliseTerm(name).split(" ");
  return words.every((w) => nameWords.some((n) => n.startsWith(w)));
};

export async function autocomplete(backend: SearchBackend, input: AutocompleteInput): Promise<Suggestions> {
  const words = normaliseTerm(input.q).split(" ").filter(Boolean).slice(0, 8);
  if (words.length === 0) return { products: [], categories: [] };
  const typed = words.join(" ");
  const scope = input.storeSlug ? [{ term: { storeSlug: input.storeSlug } }] : [];
  const prefixOn = (field: string) => ({ multi_match: { query: typed, type: "bool_prefix", fields: [field, `${field}._2gram`, `${field}._3gram`] } });
  const body = {
    size: input.limit,
    _source: ["id", "handle", "title", "storeSlug", "imageUrl"],
    query: { bool: { must: [prefixOn("title.suggest")], filter: scope } },
    aggs: {
      everywhere: {
        global: {},
        aggs: {
          matched: {
            filter: { bool: { must: [prefixOn("categoryNames.suggest")], filter: scope } },
            aggs: { names: { terms: { field: "categoryFacet", size: 50 } } },
          },
        },
      },
    },
  };
  const res = await backend.guarded((c) => rawSearch<AutocompleteResponse>(c, productsAlias(backend.prefix), body));
  if (res.statusCode === 404) return { products: [], categories: [] };
  const out = res.body;
  const categories = out.aggregations.everywhere.matched.names.buckets
    .map((b) => ({ ...splitFacetKey(b.key), count: b.doc_count }))
    .filter((c) => matchesTyped(c.name, words))
    .slice(0, input.limit);
  return { products: out.hits.hits.map((h) => h._source), categories };
}
