import { reviewMailsFor } from "@bazaar/api/reviews";
import { createConsumer, type ConsumerObserver, type EventOf, type HandlerContext } from "@bazaar/events";
import { requestEmails } from "../notifications/request-emails";
import { consumerWorker, type Worker, type WorkerDefinition, type WorkerDeps } from "../worker";
import { reviewsWorkersEnv } from "./env";

export const REVIEW_NOTIFIER = "review-notifier";

export interface ReviewNotifierOptions {
  observer?: ConsumerObserver;
  /** Where the seller's mail points. Default: ADMIN_URL's /tenant/reviews page. */
  reviewsUrl?: string;
}

/**
 * Review events → `notifications.notification.requested` through the outbox in the consumer's
 * transaction: to the seller's owners and admins on a new review, to the author when theirs is
 * published or rejected. The inbox stops a redelivered event; the idempotency key (event × recipient)
 * stops a second send.
 */
export function createReviewNotifierWorker(deps: WorkerDeps, options: ReviewNotifierOptions = {}): Worker {
  const reviewsUrl = options.reviewsUrl ?? new URL("/tenant/reviews", reviewsWorkersEnv().ADMIN_URL).toString();
  const notify = async (event: EventOf<"reviews.review.submitted" | "reviews.review.published" | "reviews.review.rejected">, ctx: HandlerContext) => {
    const mails = await reviewMailsFor(ctx.tx, event);
    await requestEmails(ctx.tx, event, mails.map((mail) => ({ ...mail, data: mail.template === "review-received" ? { ...mail.data, reviewsUrl } : mail.data })));
  };
  const consumer = createConsumer({
    groupId: `${deps.naming.prefix}${REVIEW_NOTIFIER}`,
    db: deps.db,
    kafka: deps.kafka,
    naming: deps.naming,
    logger: deps.logger.child({ worker: REVIEW_NOTIFIER }),
    ...(options.observer ? { observer: options.observer } : {}),
    subscriptions: { "reviews.review.submitted": notify, "reviews.review.published": notify, "reviews.review.rejected": notify },
  });
  return consumerWorker(REVIEW_NOTIFIER, consumer);
}

export const reviewNotifierWorker: WorkerDefinition = {
  name: REVIEW_NOTIFIER,
  description: "reviews: emails the seller on a new review and the author when theirs is published or rejected",
  create: (deps) => createReviewNotifierWorker(deps),
};
