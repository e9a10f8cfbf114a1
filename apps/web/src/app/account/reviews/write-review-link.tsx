import Link from "next/link";

import { STATUS_LABEL, type ReviewStatus } from "./review-status";

export type WriteReviewLinkProps = ({ orderLineId: string; orderId?: never } | { orderId: string; orderLineId?: never }) & {
  /** The line's (or the order's seller) review, as reviews.myReviewable returns it; null when none yet. */
  review?: { id: string; status: ReviewStatus } | null;
  /** What is reviewed, for the link's accessible name ("Write a review of Linen shirt"). */
  label?: string;
};

/**
 * "Write a review" for one delivered order line (`orderLineId`) or for the seller of a delivered order
 * (`orderId`), for order history to render beside each line; once written it links to the review and
 * says where moderation is. Order history gets `review` from reviews.myReviewable.
 */
export function WriteReviewLink({ orderLineId, orderId, review = null, label }: WriteReviewLinkProps) {
  if (review) {
    return (
      <Link href={`/account/reviews/${review.id}/edit`} data-testid="your-review-link">
        Your review<span className="sr-only">{label ? ` of ${label}` : ""}</span>: {STATUS_LABEL[review.status]}
      </Link>
    );
  }
  const query: Record<string, string> = orderLineId ? { orderLineId } : { orderId: orderId ?? "" };
  const what = label ?? (orderLineId ? "this item" : "the seller");
  return (
    <Link href={`/account/reviews/new?${new URLSearchParams(query)}`} className="button-secondary" data-testid="write-review-link">
      {orderLineId ? "Write a review" : "Review the seller"}
      <span className="sr-only"> of {what}</span>
    </Link>
  );
}
