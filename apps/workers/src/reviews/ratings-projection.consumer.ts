import { recomputeRating } from "@bazaar/api/reviews";
import { causedBy, createConsumer, enqueue, type ConsumerObserver, type EventOf, type HandlerContext } from "@bazaar/events";
import { consumerWorker, type Worker, type WorkerDefinition, type WorkerDeps } from "../worker";

export const RATINGS_PROJECTION = "ratings-projection";

type StarEvent = EventOf<"reviews.review.submitted" | "reviews.review.edited" | "reviews.review.published" | "reviews.review.rejected">;

/**
 * The ratings read model (PostgreSQL: product_ratings, seller_ratings). Each review event that moved a
 * star (`ratingChange` not empty) recomputes its subject from the reviews table in the consumer's
 * transaction, with the inbox row, and enqueues `reviews.rating.recomputed` for the search projection.
 * A redelivery is a duplicate in the inbox; even past it, a recompute lands on the same numbers.
 */
export async function applyReviewEvent(event: StarEvent, ctx: Pick<HandlerContext, "tx">) {
  const p = event.payload;
  if (p.ratingChange.removed === null && p.ratingChange.added === null) return;
  const subject = p.subject === "PRODUCT" && p.productId ? { subject: "PRODUCT" as const, productId: p.productId, tenantId: p.tenantId } : { subject: "SELLER" as const, tenantId: p.tenantId };
  const rating = await recomputeRating(ctx.tx, subject);
  await enqueue(ctx.tx, {
    type: "reviews.rating.recomputed",
    version: 1,
    tenantId: p.tenantId,
    aggregateId: subject.subject === "PRODUCT" ? subject.productId : subject.tenantId,
    payload: { subject: subject.subject, tenantId: p.tenantId, productId: subject.subject === "PRODUCT" ? subject.productId : null, average: rating.average, count: rating.count },
    ...causedBy(event),
  });
}

export function createRatingsProjectionWorker(deps: WorkerDeps, options: { observer?: ConsumerObserver } = {}): Worker {
  const consumer = createConsumer({
    groupId: `${deps.naming.prefix}${RATINGS_PROJECTION}`,
    db: deps.db,
    kafka: deps.kafka,
    naming: deps.naming,
    logger: deps.logger.child({ worker: RATINGS_PROJECTION }),
    ...(options.observer ? { observer: options.observer } : {}),
    subscriptions: {
      "reviews.review.submitted": applyReviewEvent,
      "reviews.review.edited": applyReviewEvent,
      "reviews.review.published": applyReviewEvent,
      "reviews.review.rejected": applyReviewEvent,
    },
  });
  return consumerWorker(RATINGS_PROJECTION, consumer);
}

export const ratingsProjectionWorker: WorkerDefinition = {
  name: RATINGS_PROJECTION,
  description: "reviews: keeps product and seller ratings (average, count, 1–5 histogram) in PostgreSQL from review events",
  create: (deps) => createRatingsProjectionWorker(deps),
};
