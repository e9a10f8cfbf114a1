import type { Tx } from "@bazaar/db";
import { enqueue } from "@bazaar/events";
import type { HoldReason, ReviewStatus } from "./moderation-rules";

// The one place review events are shaped, so every type carries the same review fields and the
// ratingChange the projection applies.

export interface ReviewRowForEvent {
  id: string;
  tenantId: string;
  subject: "PRODUCT" | "SELLER";
  productId: string | null;
  authorUserId: string;
  rating: number;
  status: ReviewStatus;
}

type RatingChange = { removed: number | null; added: number | null };

function fields(r: ReviewRowForEvent, ratingChange: RatingChange) {
  return { reviewId: r.id, tenantId: r.tenantId, subject: r.subject, productId: r.productId, authorUserId: r.authorUserId, rating: r.rating, status: r.status, ratingChange };
}

export function enqueueSubmitted(tx: Tx, r: ReviewRowForEvent, change: RatingChange, holdReasons: HoldReason[]) {
  return enqueue(tx, {
    type: "reviews.review.submitted",
    version: 1,
    tenantId: r.tenantId,
    aggregateId: r.id,
    payload: { ...fields(r, change), holdReasons, actorId: r.authorUserId },
  });
}

export function enqueueEdited(tx: Tx, r: ReviewRowForEvent, change: RatingChange, previous: { rating: number; status: ReviewStatus }, holdReasons: HoldReason[]) {
  return enqueue(tx, {
    type: "reviews.review.edited",
    version: 1,
    tenantId: r.tenantId,
    aggregateId: r.id,
    payload: { ...fields(r, change), previousRating: previous.rating, previousStatus: previous.status, holdReasons, actorId: r.authorUserId },
  });
}

export function enqueuePublished(tx: Tx, r: ReviewRowForEvent, change: RatingChange, previousStatus: ReviewStatus, actorId: string) {
  return enqueue(tx, {
    type: "reviews.review.published",
    version: 1,
    tenantId: r.tenantId,
    aggregateId: r.id,
    payload: { ...fields(r, change), previousStatus, actorId },
  });
}

export function enqueueRejected(tx: Tx, r: ReviewRowForEvent, change: RatingChange, previousStatus: ReviewStatus, reason: string, actorId: string) {
  return enqueue(tx, {
    type: "reviews.review.rejected",
    version: 1,
    tenantId: r.tenantId,
    aggregateId: r.id,
    payload: { ...fields(r, change), previousStatus, reason, actorId },
  });
}
