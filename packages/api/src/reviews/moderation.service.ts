import { asPlatform, type Db, type Prisma } from "@bazaar/db";
import { NotFoundError } from "../errors";
import { ReviewConflictError } from "./review-errors";
import { enqueuePublished, enqueueRejected } from "./review-events";
import { reviewPage } from "./review-read.service";
import { ratingChange } from "./moderation-rules";

// The operators' queue (platform context). Every decision is a conditional update on the status read,
// so two operators deciding at once cannot both win, and it emits its event in the same transaction:
// the audit-log consumer appends each one, with the operator as actor, to the seller's audit chain.

const queueSelect = {
  id: true,
  tenantId: true,
  subject: true,
  productId: true,
  orderId: true,
  authorUserId: true,
  authorName: true,
  rating: true,
  title: true,
  body: true,
  status: true,
  holdReasons: true,
  reportCount: true,
  clientAddress: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.ReviewSelect;

export function listModerationQueue(db: Db, input: { queue: "PENDING" | "HELD" | "REPORTED"; cursor?: string | undefined; limit: number }) {
  return asPlatform(db, async (tx) => {
    const where: Prisma.ReviewWhereInput = input.queue === "REPORTED" ? { status: "PUBLISHED", reportCount: { gt: 0 } } : { status: input.queue };
    // Oldest first: the queue is worked in arrival order; reported ones by how often they were reported.
    const orderBy: Prisma.ReviewOrderByWithRelationInput[] = input.queue === "REPORTED" ? [{ reportCount: "desc" }, { id: "asc" }] : [{ createdAt: "asc" }, { id: "asc" }];
    const { rows, nextCursor } = await reviewPage(tx, where, orderBy, input, queueSelect);
    const reports = await tx.reviewReport.findMany({
      where: { reviewId: { in: rows.map((r) => r.id) } },
      orderBy: { createdAt: "asc" },
      select: { reviewId: true, reason: true, createdAt: true },
    });
    return { items: rows.map((r) => ({ ...r, reports: reports.filter((p) => p.reviewId === r.id).map(({ reason, createdAt }) => ({ reason, createdAt })) })), nextCursor };
  });
}

async function decide(db: Db, actorId: string, reviewId: string, now: Date, decision: { to: "PUBLISHED" } | { to: "REJECTED"; reason: string }) {
  return asPlatform(db, async (tx) => {
    const review = await tx.review.findUnique({ where: { id: reviewId } });
    if (!review) throw new NotFoundError("review", { reviewId });
    const allowed = decision.to === "PUBLISHED" ? ["PENDING", "HELD"] : ["PENDING", "HELD", "PUBLISHED"];
    if (!allowed.includes(review.status)) throw new ReviewConflictError("not-awaiting-moderation", { status: review.status });
    const updated = await tx.review.updateMany({
      where: { id: reviewId, status: review.status, version: review.version },
      data: {
        status: decision.to,
        rejectionReason: decision.to === "REJECTED" ? decision.reason : null,
        publishedAt: decision.to === "PUBLISHED" ? now : review.publishedAt,
        moderatedAt: now,
        moderatedBy: actorId,
        version: { increment: 1 },
        updatedAt: now,
      },
    });
    if (updated.count !== 1) throw new ReviewConflictError("not-awaiting-moderation", { status: review.status });
    const row = await tx.review.findUniqueOrThrow({ where: { id: reviewId } });
    const change = ratingChange(review, row);
    if (decision.to === "PUBLISHED") await enqueuePublished(tx, row, change, review.status, actorId);
    else await enqueueRejected(tx, row, change, review.status, decision.reason, actorId);
    return row;
  });
}

export const approveReview = (db: Db, actorId: string, reviewId: string, now = new Date()) => decide(db, actorId, reviewId, now, { to: "PUBLISHED" });
export const rejectReview = (db: Db, actorId: string, reviewId: string, reason: string, now = new Date()) => decide(db, actorId, reviewId, now, { to: "REJECTED", reason });
