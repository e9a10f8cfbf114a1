import type { TRPCContext } from "../trpc";
import { autocomplete } from "./autocomplete.service";
import { searchBackend } from "./opensearch";
import { getProductDetail, getProductDetailByHandle } from "./product-detail.service";
import type { Scope } from "./search-query";
import { createResultCache, type ResultCache } from "./result-cache";
import { searchProducts, type SearchRequest, type SearchResult } from "./search.service";
import { searchEnv } from "./search.env";
import type { AutocompleteInput, GetProductInput, ListByCategoryInput, ListByStoreInput, SearchProductsInput, SynonymsInput } from "./search.schema";
import { loadSynonyms, saveSynonyms } from "./synonyms";

// Thin: every procedure of this domain only maps its input onto one service call, so they share one
// grouped file (packages/api/src/search/README.md).

interface Args<I> {
  ctx: Pick<TRPCContext, "db" | "redis">;
  input: I;
}

type PageInput = Pick<SearchProductsInput, "filters" | "sort" | "limit" | "withFacets" | "cursor">;

let caches: { listings: ResultCache<SearchResult>; searches: ResultCache<SearchResult> } | undefined;

/**
 * Listings without text repeat for every shopper: reused for SEARCH_LISTING_CACHE_MS. Text searches are
 * only coalesced while in flight, so a change is searchable as soon as the index has it.
 */
function resultCaches() {
  caches ??= {
    listings: createResultCache<SearchResult>({ ttlMs: searchEnv().SEARCH_LISTING_CACHE_MS, maxEntries: 2_000 }),
    searches: createResultCache<SearchResult>({ ttlMs: 0, maxEntries: 2_000 }),
  };
  return caches;
}

const page = (input: PageInput, scope: Scope, q?: string) => {
  const backend = searchBackend();
  const request: SearchRequest = {
    ...(q ? { q } : {}),
    scope,
    filters: input.filters,
    sort: input.sort,
    limit: input.limit,
    withFacets: input.withFacets,
    ...(input.cursor ? { cursor: input.cursor } : {}),
  };
  const cache = q?.trim() ? resultCaches().searches : resultCaches().listings;
  return cache.get(JSON.stringify([backend.prefix, request]), () => searchProducts(backend, request));
};

export const searchProductsHandler = ({ input }: Args<SearchProductsInput>) => page(input, input.storeSlug ? { storeSlug: input.storeSlug } : {}, input.q);

export const listByCategoryHandler = ({ input }: Args<ListByCategoryInput>) => page(input, { categoryId: input.categoryId });

export const listByStoreHandler = ({ input }: Args<ListByStoreInput>) =>
  page(input, { storeSlug: input.storeSlug, ...(input.categoryId ? { categoryId: input.categoryId } : {}) });

export const autocompleteHandler = ({ input }: Args<AutocompleteInput>) => autocomplete(searchBackend(), input);

export const getProductHandler = ({ ctx, input }: Args<GetProductInput>) =>
  "productId" in input ? getProductDetail(ctx.redis, ctx.db, input.productId) : getProductDetailByHandle(ctx.redis, ctx.db, input.storeSlug, input.handle);

export const getSynonymsHandler = async () => ({ groups: (await loadSynonyms(searchBackend())).groups });

export const setSynonymsHandler = ({ input }: Args<SynonymsInput>) => saveSynonyms(searchBackend(), input.groups);
