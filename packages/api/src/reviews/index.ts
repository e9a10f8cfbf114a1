// What other packages (the workers) use of the reviews domain.
export { rebuildRatings, recomputeRating, type RatingSubject } from "./ratings.service";
export { ratingSummary } from "./review-read.service";
export { reviewMailsFor, type ReviewMail } from "./review-mail";
