"use client";

import type { RouterInputs } from "@bazaar/api";
import { useTRPC } from "@bazaar/next-kit/react";
import { useSuspenseQuery } from "@tanstack/react-query";

import { ListingView, type ListingViewProps } from "./listing-view";

// One client component per search procedure: each reads the answer its server page prefetched (same
// input, same cache key) and hands it to the shared view.

type ViewProps = Omit<ListingViewProps, "result">;

export function SearchListing({ input, ...view }: ViewProps & { input: RouterInputs["search"]["searchProducts"] }) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.search.searchProducts.queryOptions(input));
  return <ListingView result={data} {...view} />;
}

export function CategoryListing({ input, ...view }: ViewProps & { input: RouterInputs["search"]["listByCategory"] }) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.search.listByCategory.queryOptions(input));
  return <ListingView result={data} {...view} />;
}

export function StoreListing({ input, ...view }: ViewProps & { input: RouterInputs["search"]["listByStore"] }) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.search.listByStore.queryOptions(input));
  return <ListingView result={data} {...view} />;
}
