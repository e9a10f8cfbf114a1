import type { RouterOutputs } from "@bazaar/api/client";

type Reviewable = RouterOutputs["reviews"]["myReviewable"];
type ReviewableLine = Reviewable[number]["lines"][number];

/** Per delivered order: its lines by SKU (unique within one seller's order) and the seller's review. */
export type ReviewLinks = Map<string, { sellerReview: Reviewable[number]["sellerReview"]; lines: Map<string, ReviewableLine> }>;

/** reviews.myReviewable indexed for the order page; undefined until it answered (no links shown). */
export function reviewLinksFor(reviewable: Reviewable | undefined): ReviewLinks | undefined {
  if (!reviewable) return undefined;
  return new Map(reviewable.map((order) => [order.orderId, { sellerReview: order.sellerReview, lines: new Map(order.lines.map((line) => [line.sku, line])) }]));
}
