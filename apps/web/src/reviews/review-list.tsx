"use client";

import { useTRPC } from "@bazaar/next-kit/react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useId, useState } from "react";

import { ReviewItem } from "./review-item";

type Sort = "newest" | "most_helpful";
export type ReviewSubject = { productId: string } | { tenantId: string };

export const REVIEW_PAGE_SIZE = 10;

/** Keyset pages of one subject's published reviews in one sort; a new sort starts from its first page. */
export function useReviewPages(subject: ReviewSubject, sort: Sort) {
  const trpc = useTRPC();
  const page = { getNextPageParam: (last: { nextCursor: string | null }) => last.nextCursor };
  return useInfiniteQuery(
    "productId" in subject
      ? trpc.reviews.listProductReviews.infiniteQueryOptions({ productId: subject.productId, sort, limit: REVIEW_PAGE_SIZE }, page)
      : trpc.reviews.listSellerReviews.infiniteQueryOptions({ tenantId: subject.tenantId, sort, limit: REVIEW_PAGE_SIZE }, page),
  );
}

/**
 * Published reviews with the sort (newest or most helpful) and keyset "more" pages. `signInHref` is set
 * for a guest: voting and reporting need an account, so they link to sign-in instead.
 */
export function ReviewList({ subject, heading, signInHref }: { subject: ReviewSubject; heading: string; signInHref: string | null }) {
  const [sort, setSort] = useState<Sort>("newest");
  const id = useId();
  const query = useReviewPages(subject, sort);
  const reviews = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section className="reviews" aria-labelledby={`${id}-heading`} data-testid="reviews">
      <div className="listing-toolbar">
        <h2 id={`${id}-heading`}>{heading}</h2>
        <label htmlFor={`${id}-sort`}>Sort reviews by</label>
        <select id={`${id}-sort`} value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
          <option value="newest">Newest</option>
          <option value="most_helpful">Most helpful</option>
        </select>
      </div>
      {query.isPending ? (
        <p role="status">Loading reviews…</p>
      ) : query.isError ? (
        <p role="alert">The reviews could not be loaded. Reload the page to try again.</p>
      ) : reviews.length === 0 ? (
        <p>No reviews yet.</p>
      ) : (
        <ol className="review-list">
          {reviews.map((review) => (
            <li key={review.id}>
              <ReviewItem review={review} signInHref={signInHref} />
            </li>
          ))}
        </ol>
      )}
      {query.hasNextPage ? (
        <button type="button" className="button-secondary" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {query.isFetchingNextPage ? "Loading…" : "More reviews"}
        </button>
      ) : null}
    </section>
  );
}
