import type { TRPCContext } from "../trpc";
import { autocomplete } from "./autocomplete.service";
import { searchBackend } from "./opensearch";
import { getProductDetail, getProductDetailByHandle } from "./product-detail.service";
import type { Scope } from "./search-query";
import { searchProducts } from "./search.service";
import type { AutocompleteInput, GetProductInput, ListByCategoryInput, ListByStoreInput, SearchProductsInput, SynonymsInput } from "./search.schema";
import { loadSynonyms, saveSynonyms } from "./synonyms";

// Thin: every procedure of this domain only maps its input onto one service call, so they share one
// grouped file (packages/api/src/search/README.md).

interface Args<I> {
  ctx: Pick<TRPCContext, "db" | "redis">;
  input: I;
}

type PageInput = Pick<SearchProductsInput, "filters" | "sort" | "limit" | "withFacets" | "cursor">;

const page = (input: PageInput, scope: Scope, q?: string) =>
  searchProducts(searchBackend(), {
    ...(q ? { q } : {}),
    scope,
    filters: input.filters,
    sort: input.sort,
    limit: input.limit,
    withFacets: input.withFacets,
    ...(input.cursor ? { cursor: input.cursor } : {}),
  });

export const searchProductsHandler = ({ input }: Args<SearchProductsInput>) => page(input, input.storeSlug ? { storeSlug: input.storeSlug } : {}, input.q);

export const listByCategoryHandler = ({ input }: Args<ListByCategoryInput>) => page(input, { categoryId: input.categoryId });

export const listByStoreHandler = ({ input }: Args<ListByStoreInput>) =>
  page(input, { storeSlug: input.storeSlug, ...(input.categoryId ? { categoryId: input.categoryId } : {}) });

export const autocompleteHandler = ({ input }: Args<AutocompleteInput>) => autocomplete(searchBackend(), input);

export const getProductHandler = ({ ctx, input }: Args<GetProductInput>) =>
  "productId" in input ? getProductDetail(ctx.redis, ctx.db, input.productId) : getProductDetailByHandle(ctx.redis, ctx.db, input.storeSlug, input.handle);

export const getSynonymsHandler = async () => ({ groups: (await loadSynonyms(searchBackend())).groups });

export const setSynonymsHandler = ({ input }: Args<SynonymsInput>) => saveSynonyms(searchBackend(), input.groups);
