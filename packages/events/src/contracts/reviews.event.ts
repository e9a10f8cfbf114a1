import { z } from "zod";
import { defineEvent } from "./contract";

// Reviews (packages/api/src/reviews) and the ratings read model (apps/workers/src/reviews). Aggregate: the
// review, so one review's events stay in order. Every review event says what it did to the ratings in
// `ratingChange`: the star removed from and the star added to its subject's histogram (null for none), so
// the projection applies each event as a delta without reading the review back, and a redelivery is
// stopped by the inbox. No text travels: readers that need the title or body read the row.

const rating = z.number().int().min(1).max(5);
const status = z.enum(["PENDING", "HELD", "PUBLISHED", "REJECTED"]);

const reviewFields = {
  reviewId: z.uuid(),
  tenantId: z.uuid(),
  subject: z.enum(["PRODUCT", "SELLER"]),
  /** Null for a review of the seller. */
  productId: z.uuid().nullable(),
  authorUserId: z.uuid(),
  rating,
  status,
  ratingChange: z.object({ removed: rating.nullable(), added: rating.nullable() }),
};

const holdReason = z.enum(["profanity", "link", "burst-account", "burst-address", "new-account"]);

/** A shopper reviewed a delivered order line (or the seller of a delivered order). */
export const reviewSubmittedV1 = defineEvent({
  type: "reviews.review.submitted",
  version: 1,
  topic: "reviews.events",
  aggregateType: "review",
  payload: z.object({ ...reviewFields, holdReasons: z.array(holdReason), actorId: z.uuid() }),
});

/** Its author changed it within the edit window; it went through moderation again. */
export const reviewEditedV1 = defineEvent({
  type: "reviews.review.edited",
  version: 1,
  topic: "reviews.events",
  aggregateType: "review",
  payload: z.object({ ...reviewFields, previousRating: rating, previousStatus: status, holdReasons: z.array(holdReason), actorId: z.uuid() }),
});

/** An operator approved it; it is public and counts towards its subject's rating. */
export const reviewPublishedV1 = defineEvent({
  type: "reviews.review.published",
  version: 1,
  topic: "reviews.events",
  aggregateType: "review",
  payload: z.object({ ...reviewFields, previousStatus: status, actorId: z.uuid() }),
});

/** An operator rejected it (also after publication, e.g. on a report), with the reason the author is told. */
export const reviewRejectedV1 = defineEvent({
  type: "reviews.review.rejected",
  version: 1,
  topic: "reviews.events",
  aggregateType: "review",
  payload: z.object({ ...reviewFields, previousStatus: status, reason: z.string().min(1).max(500), actorId: z.uuid() }),
});

/** The seller answered it publicly (once). */
export const reviewRepliedV1 = defineEvent({
  type: "reviews.review.replied",
  version: 1,
  topic: "reviews.events",
  aggregateType: "review",
  payload: z.object({ reviewId: z.uuid(), tenantId: z.uuid(), productId: z.uuid().nullable(), actorId: z.uuid() }),
});

/** A shopper reported it to the operators. */
export const reviewReportedV1 = defineEvent({
  type: "reviews.review.reported",
  version: 1,
  topic: "reviews.events",
  aggregateType: "review",
  payload: z.object({ reviewId: z.uuid(), tenantId: z.uuid(), reportCount: z.number().int().min(1), actorId: z.uuid() }),
});

/**
 * The ratings projection changed a subject's rating (emitted by the projection in the transaction that
 * changed the read model): the search projection reindexes the product. Aggregate: the product, or the
 * seller's tenant for a seller rating.
 */
export const ratingRecomputedV1 = defineEvent({
  type: "reviews.rating.recomputed",
  version: 1,
  topic: "reviews.events",
  aggregateType: "rating",
  payload: z.object({
    subject: z.enum(["PRODUCT", "SELLER"]),
    tenantId: z.uuid(),
    productId: z.uuid().nullable(),
    average: z.number().min(0).max(5),
    count: z.number().int().min(0),
  }),
});
