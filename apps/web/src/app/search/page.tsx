import type { Metadata } from "next";

import { fetchListing } from "../../storefront/fetch-listing";
import { parseListingParams, type RawParams, type SearchInput, type Sort } from "../../storefront/listing-params";
import { SearchListing } from "../../storefront/listings";
import { getQueryClient, HydrateClient, trpc } from "../../trpc/server";

interface Props {
  searchParams: Promise<RawParams>;
}

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const { q } = parseListingParams(await searchParams);
  return {
    title: q ? `Search: ${q}` : "Search",
    description: q ? `Products matching “${q}” from every Bazaar store.` : "Search every store on Bazaar.",
    alternates: { canonical: q ? `/search?q=${encodeURIComponent(q)}` : "/search" },
    // Filtered and paged result pages are endless variations of one another: only the plain query is indexed.
    robots: { index: false, follow: true },
  };
}

const SORTS_WITH_TEXT: readonly Sort[] = ["relevance", "price_asc", "price_desc", "newest", "rating"];
const SORTS_WITHOUT_TEXT: readonly Sort[] = ["newest", "price_asc", "price_desc", "rating"];

export default async function SearchPage({ searchParams }: Props) {
  const state = parseListingParams(await searchParams);
  const defaultSort: Sort = state.q ? "relevance" : "newest";
  const input: SearchInput = {
    ...(state.q ? { q: state.q } : {}),
    filters: state.filters,
    sort: state.sort ?? defaultSort,
    limit: 24,
    withFacets: true,
    ...(state.cursor ? { cursor: state.cursor } : {}),
  };
  await fetchListing(() => getQueryClient().fetchQuery(trpc.search.searchProducts.queryOptions(input)), "/search", state);

  return (
    <HydrateClient>
      <h1>{state.q ? <>Results for “{state.q}”</> : "All products"}</h1>
      <SearchListing input={input} state={state} basePath="/search" defaultSort={defaultSort} sorts={state.q ? SORTS_WITH_TEXT : SORTS_WITHOUT_TEXT} />
    </HydrateClient>
  );
}
