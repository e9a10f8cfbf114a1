import type { RouterOutputs } from "@bazaar/api";

export type RatingSummaryData = RouterOutputs["reviews"]["productRating"];

const STARS = [5, 4, 3, 2, 1] as const;

/** "4.3 out of 5", one decimal: the API rounds to two, a shopper reads one. */
export const averageText = (average: number) => `${average.toFixed(1)} out of 5`;
export const reviewCountText = (count: number) => `${count} ${count === 1 ? "review" : "reviews"}`;

/** Share of `count` in whole percent; 0 when there are no reviews. */
export function percentOf(n: number, count: number): number {
  return count === 0 ? 0 : Math.round((n / count) * 100);
}

/**
 * Average, count and the 1–5 histogram. Each bar is a labelled `meter` (its name says the stars, its
 * value the share) beside the same numbers as text, so the histogram reads the same to a screen reader
 * as it looks.
 */
export function RatingSummary({ summary, heading, headingId }: { summary: RatingSummaryData; heading: string; headingId: string }) {
  return (
    <section className="rating-summary" aria-labelledby={headingId} data-testid="rating-summary">
      <h2 id={headingId}>{heading}</h2>
      {summary.count === 0 ? (
        <p data-testid="rating-average">No reviews yet</p>
      ) : (
        <>
          <p className="rating-average" data-testid="rating-average">
            <span aria-hidden="true">★</span> {averageText(summary.average)} <span className="badge-muted">({reviewCountText(summary.count)})</span>
          </p>
          <ul className="rating-histogram" aria-label="Reviews by stars">
            {STARS.map((stars) => {
              const n = summary.histogram[stars];
              const share = percentOf(n, summary.count);
              return (
                <li key={stars} data-testid={`histogram-${stars}`}>
                  <span className="histogram-label">{stars} {stars === 1 ? "star" : "stars"}</span>
                  <meter min={0} max={100} value={share} aria-label={`${stars} ${stars === 1 ? "star" : "stars"}: ${share}%`} />
                  <span className="histogram-count">
                    {n}
                    <span className="sr-only"> {n === 1 ? "review" : "reviews"}, {share}%</span>
                  </span>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}

/** A review's stars as text for everyone: "★★★★☆" shown, "4 out of 5 stars" read. */
export function Stars({ rating }: { rating: number }) {
  return (
    <span className="stars" role="img" aria-label={`${rating} out of 5 stars`}>
      {"★".repeat(rating)}
      {"☆".repeat(5 - rating)}
    </span>
  );
}
