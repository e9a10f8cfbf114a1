import { RatingSummary, type RatingSummaryData } from "./rating-summary";
import { ReviewList, type ReviewSubject } from "./review-list";

/**
 * The rating summary and the published reviews of a product or a seller, as the product and store
 * pages show them (the summary comes from the server, the list pages in the browser).
 */
export function ReviewsPanel({ subject, summary, title, signInHref }: { subject: ReviewSubject; summary: RatingSummaryData; title: string; signInHref: string | null }) {
  return (
    <div className="reviews-panel" id="reviews">
      <RatingSummary summary={summary} heading={title} headingId="rating-summary-heading" />
      <ReviewList subject={subject} heading={summary.count === 0 ? "Reviews" : "What buyers say"} signInHref={signInHref} />
    </div>
  );
}
