"use client";

import type { RouterOutputs } from "@bazaar/api";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId } from "react";

import { Facets } from "./facets";
import { listingHref, SORT_LABELS, type ListingState, type Sort } from "./listing-params";
import { ProductGrid } from "./product-card";

export type SearchResult = RouterOutputs["search"]["searchProducts"];

export interface ListingViewProps {
  result: SearchResult;
  state: ListingState;
  /** The page's path; facet, sort and paging links keep it. */
  basePath: string;
  /** What "relevance" falls back to without a text query, as the API sorts. */
  defaultSort: Sort;
  /** Sorts this listing offers (relevance only with a text query). */
  sorts: readonly Sort[];
  showStoreFacet?: boolean;
  showStore?: boolean;
  /** Categories not worth offering as a facet here (a category page's own category and its ancestors). */
  hideCategoryIds?: readonly string[];
}

/** Facets, sort, the product grid and cursor paging of one search-backed listing. */
export function ListingView({ result, state, basePath, defaultSort, sorts, showStoreFacet = true, showStore = true, hideCategoryIds = [] }: ListingViewProps) {
  const router = useRouter();
  const sortId = useId();
  const sort = state.sort ?? defaultSort;
  const count = `${result.total}${result.totalExact ? "" : "+"} ${result.total === 1 ? "product" : "products"}`;

  return (
    <div className="listing">
      {result.facets ? <Facets facets={result.facets} state={state} basePath={basePath} showStores={showStoreFacet} hideCategoryIds={hideCategoryIds} /> : null}
      <section className="listing-results" aria-label="Results">
        <div className="listing-toolbar">
          <p role="status" data-testid="result-count">
            {count}
          </p>
          <label htmlFor={sortId}>Sort by</label>
          <select
            id={sortId}
            value={sort}
            onChange={(e) => router.push(listingHref(basePath, { ...state, sort: e.target.value as Sort, cursor: null }))}
          >
            {sorts.map((s) => (
              <option key={s} value={s}>
                {SORT_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        {result.hits.length === 0 ? (
          <p className="lead">No products match. Try fewer filters or another word.</p>
        ) : (
          <ProductGrid hits={result.hits} showStore={showStore} />
        )}
        <nav className="pager" aria-label="Pages">
          {state.cursor ? <Link href={listingHref(basePath, { ...state, cursor: null })}>First page</Link> : null}
          {result.nextCursor ? (
            <Link href={listingHref(basePath, { ...state, cursor: result.nextCursor })} rel="next">
              Next page
            </Link>
          ) : null}
        </nav>
      </section>
    </div>
  );
}
