import { asPlatform, type Db, type Tx } from "@bazaar/db";
import { enqueue } from "@bazaar/events";
import { NotFoundError } from "../errors";
import { ReviewConflictError } from "./review-errors";
import { reviewPage } from "./review-read.service";

// What others do with a published review: shoppers vote it helpful (once each) and report it; the
// reviewed seller replies once, publicly (tenant context: row-level security shows the seller only
// their own reviews); the seller chooses whether reviews publish without waiting for an operator.

async function publishedReview(tx: Tx, reviewId: string) {
  const review = await tx.review.findUnique({ where: { id: reviewId }, select: { id: true, tenantId: true, status: true, authorUserId: true, productId: true } });
  if (!review || review.status !== "PUBLISHED") throw new NotFoundError("review", { reviewId });
  return review;
}

/** Idempotent: a second vote by the same user changes nothing and answers the same. */
export function voteHelpful(db: Db, userId: string, reviewId: string) {
  return asPlatform(db, async (tx) => {
    const review = await publishedReview(tx, reviewId);
    if (review.authorUserId === userId) throw new ReviewConflictError("own-review");
    const inserted = await tx.$executeRaw`
      INSERT INTO review_votes (review_id, user_id, tenant_id) VALUES (${review.id}::uuid, ${userId}::uuid, ${review.tenantId}::uuid)
      ON CONFLICT (review_id, user_id) DO NOTHING`;
    const row =
      inserted === 1
        ? await tx.review.update({ where: { id: review.id }, data: { helpfulCount: { increment: 1 } }, select: { helpfulCount: true } })
        : await tx.review.findUniqueOrThrow({ where: { id: review.id }, select: { helpfulCount: true } });
    return { reviewId, helpfulCount: row.helpfulCount, voted: true as const };
  });
}

/** One report per user per review; a repeat is accepted and changes nothing. */
export function reportReview(db: Db, userId: string, reviewId: string, reason: string) {
  return asPlatform(db, async (tx) => {
    const review = await publishedReview(tx, reviewId);
    const inserted = await tx.$executeRaw`
      INSERT INTO review_reports (id, tenant_id, review_id, reporter_user_id, reason)
      VALUES (gen_random_uuid(), ${review.tenantId}::uuid, ${review.id}::uuid, ${userId}::uuid, ${reason})
      ON CONFLICT (review_id, reporter_user_id) DO NOTHING`;
    if (inserted === 1) {
      const { reportCount } = await tx.review.update({ where: { id: review.id }, data: { reportCount: { increment: 1 } }, select: { reportCount: true } });
      await enqueue(tx, { type: "reviews.review.reported", version: 1, tenantId: review.tenantId, aggregateId: review.id, payload: { reviewId, tenantId: review.tenantId, reportCount, actorId: userId } });
    }
    return { reviewId, reported: true as const };
  });
}

/** The seller's one public answer; a second is CONFLICT `already-replied` (the condition decides a race). */
export async function replyToReview(tx: Tx, tenantId: string, actorId: string, reviewId: string, body: string, now = new Date()) {
  const review = await tx.review.findUnique({ where: { id: reviewId }, select: { id: true, status: true, productId: true, replyBody: true } });
  if (!review || review.status === "REJECTED") throw new NotFoundError("review", { reviewId });
  const updated = await tx.review.updateMany({ where: { id: reviewId, replyBody: null }, data: { replyBody: body, repliedAt: now, repliedBy: actorId, updatedAt: now } });
  if (updated.count !== 1) throw new ReviewConflictError("already-replied");
  await enqueue(tx, { type: "reviews.review.replied", version: 1, tenantId, aggregateId: reviewId, payload: { reviewId, tenantId, productId: review.productId, actorId } });
  return tx.review.findUniqueOrThrow({ where: { id: reviewId }, select: { id: true, replyBody: true, repliedAt: true } });
}

/** The header tenant's reviews of every status, newest first, for the seller's dashboard. */
export function listTenantReviews(tx: Tx, input: { status?: "PENDING" | "HELD" | "PUBLISHED" | "REJECTED" | undefined; cursor?: string | undefined; limit: number }) {
  return reviewPage(tx, input.status ? { status: input.status } : {}, [{ createdAt: "desc" }, { id: "desc" }], input, tenantReviewSelect).then(({ rows, nextCursor }) => ({ items: rows, nextCursor }));
}

const tenantReviewSelect = {
  id: true, subject: true, productId: true, orderId: true, authorName: true, rating: true, title: true, body: true, status: true,
  helpfulCount: true, replyBody: true, repliedAt: true, publishedAt: true, createdAt: true,
} as const;

export async function getReviewSettings(tx: Tx, tenantId: string) {
  const s = await tx.reviewSettings.findUnique({ where: { tenantId }, select: { autoPublish: true } });
  return { autoPublish: s?.autoPublish ?? false };
}

export async function updateReviewSettings(tx: Tx, tenantId: string, autoPublish: boolean) {
  const s = await tx.reviewSettings.upsert({ where: { tenantId }, create: { tenantId, autoPublish }, update: { autoPublish, updatedAt: new Date() }, select: { autoPublish: true } });
  return { autoPublish: s.autoPublish };
}
