import { baseEnvSchema, parseEnv } from "@bazaar/config";
import { z } from "zod";

const minutes = (fallback: number) => z.coerce.number().int().min(0).max(60 * 24 * 365).default(fallback);
const count = (fallback: number) => z.coerce.number().int().min(1).max(10_000).default(fallback);

/** The edit window and the thresholds of the automatic moderation holds (reviews/README.md). */
export const reviewsEnvSchema = baseEnvSchema.extend({
  /** How long after submission the author may still edit a review; then it is locked. */
  REVIEWS_EDIT_WINDOW_MINUTES: minutes(7 * 24 * 60),
  /** The window in which REVIEWS_BURST_MAX_PER_ACCOUNT / _PER_ADDRESS count earlier reviews. */
  REVIEWS_BURST_WINDOW_MINUTES: minutes(60),
  /** A review is held when its account already wrote this many in the burst window. */
  REVIEWS_BURST_MAX_PER_ACCOUNT: count(5),
  /** A review is held when its client address already sent this many in the burst window. */
  REVIEWS_BURST_MAX_PER_ADDRESS: count(10),
  /** A review from an account younger than this is held (0 switches the rule off). */
  REVIEWS_NEW_ACCOUNT_MINUTES: minutes(24 * 60),
});

export type ReviewsEnv = z.infer<typeof reviewsEnvSchema>;

let cached: ReviewsEnv | undefined;
export function reviewsEnv(): ReviewsEnv {
  cached ??= parseEnv(reviewsEnvSchema);
  return cached;
}
