import { asPlatform, type Db, type Tx } from "@bazaar/db";
import { isUniqueViolation, NotFoundError } from "../errors";
import { ReviewConflictError, ReviewPhotoError } from "./review-errors";
import { enqueueEdited, enqueueSubmitted } from "./review-events";
import { holdReasons, initialStatus, ratingChange, textHoldReasons, type HoldReason } from "./moderation-rules";
import type { CreateReviewInput, CreateSellerReviewInput, EditReviewInput } from "./reviews.schema";
import { reviewsEnv } from "./reviews.env";

// A shopper's own reviews: written and edited in platform context (the order group is the shopper's,
// not any tenant's), always filtered by the signed-in user, in one transaction with the outbox event.
// Someone else's order line, or one that does not exist, is NOT_FOUND alike: an id proves nothing.

export interface Author {
  userId: string;
  clientAddress: string | null;
  now: Date;
}

const MINUTE = 60_000;

/** The shopper's order (with its lines) of one seller, or NOT_FOUND when it is not theirs. */
export async function ownOrder(tx: Tx, userId: string, where: { lineId: string } | { orderId: string }) {
  const order = await tx.order.findFirst({
    where: "lineId" in where ? { lines: { some: { id: where.lineId } }, group: { shopperUserId: userId } } : { id: where.orderId, group: { shopperUserId: userId } },
    select: { id: true, tenantId: true, status: true, lines: { select: { id: true, variantId: true } } },
  });
  if (!order) throw new NotFoundError("lineId" in where ? "order line" : "order", where);
  if (order.status !== "DELIVERED") throw new ReviewConflictError("not-delivered", { orderId: order.id, status: order.status });
  return order;
}

async function moderationFacts(tx: Tx, author: Author, tenantId: string, texts: string[]) {
  const env = reviewsEnv();
  const since = new Date(author.now.getTime() - env.REVIEWS_BURST_WINDOW_MINUTES * MINUTE);
  const user = await tx.user.findUniqueOrThrow({ where: { id: author.userId }, select: { createdAt: true, name: true } });
  const recentByAccount = await tx.review.count({ where: { authorUserId: author.userId, createdAt: { gte: since } } });
  const recentByAddress = author.clientAddress ? await tx.review.count({ where: { clientAddress: author.clientAddress, createdAt: { gte: since } } }) : null;
  const reasons = holdReasons(
    texts,
    { recentByAccount, recentByAddress, accountAgeMinutes: (author.now.getTime() - user.createdAt.getTime()) / MINUTE },
    { burstMaxPerAccount: env.REVIEWS_BURST_MAX_PER_ACCOUNT, burstMaxPerAddress: env.REVIEWS_BURST_MAX_PER_ADDRESS, newAccountMinutes: env.REVIEWS_NEW_ACCOUNT_MINUTES },
  );
  const settings = await tx.reviewSettings.findUnique({ where: { tenantId }, select: { autoPublish: true } });
  return { reasons, autoPublish: settings?.autoPublish ?? false, authorName: user.name };
}

async function checkPhotos(tx: Tx, tenantId: string, userId: string, assetIds: string[]) {
  if (assetIds.length === 0) return;
  const ready = await tx.mediaAsset.findMany({ where: { id: { in: assetIds }, tenantId, createdBy: userId, ownerKind: "review", status: "READY" }, select: { id: true } });
  const found = new Set(ready.map((a) => a.id));
  const missing = assetIds.filter((id) => !found.has(id));
  if (missing.length > 0 || new Set(assetIds).size !== assetIds.length) throw new ReviewPhotoError(missing);
}

interface NewReview {
  tenantId: string;
  subject: "PRODUCT" | "SELLER";
  productId: string | null;
  orderId: string;
  orderLineId: string | null;
  rating: number;
  title: string;
  body: string;
}

async function insertReview(tx: Tx, author: Author, review: NewReview, photoAssetIds: string[]) {
  const { reasons, autoPublish, authorName } = await moderationFacts(tx, author, review.tenantId, [review.title, review.body]);
  const status = initialStatus(reasons, autoPublish);
  const editableUntil = new Date(author.now.getTime() + reviewsEnv().REVIEWS_EDIT_WINDOW_MINUTES * MINUTE);
  let row;
  try {
    row = await tx.review.create({
      data: {
        ...review,
        authorUserId: author.userId,
        authorName,
        status,
        holdReasons: reasons,
        clientAddress: author.clientAddress,
        editableUntil,
        publishedAt: status === "PUBLISHED" ? author.now : null,
        createdAt: author.now,
        updatedAt: author.now,
        photos: { create: photoAssetIds.map((assetId, position) => ({ assetId, position })) },
      },
    });
  } catch (error) {
    // Two submissions racing for one line (or one order's seller review): the unique index decides.
    if (isUniqueViolation(error)) throw new ReviewConflictError("already-reviewed", { orderId: review.orderId, orderLineId: review.orderLineId });
    throw error;
  }
  await enqueueSubmitted(tx, row, ratingChange(null, row), reasons);
  return row;
}

export function submitProductReview(db: Db, author: Author, input: CreateReviewInput) {
  return asPlatform(db, async (tx) => {
    const order = await ownOrder(tx, author.userId, { lineId: input.orderLineId });
    const line = order.lines.find((l) => l.id === input.orderLineId)!;
    if (await tx.review.findUnique({ where: { orderLineId: line.id }, select: { id: true } })) throw new ReviewConflictError("already-reviewed", { orderLineId: line.id });
    const variant = await tx.productVariant.findUnique({ where: { id: line.variantId }, select: { productId: true } });
    if (!variant) throw new ReviewConflictError("product-gone", { orderLineId: line.id });
    await checkPhotos(tx, order.tenantId, author.userId, input.photoAssetIds);
    return insertReview(
      tx,
      author,
      { tenantId: order.tenantId, subject: "PRODUCT", productId: variant.productId, orderId: order.id, orderLineId: line.id, rating: input.rating, title: input.title, body: input.body },
      input.photoAssetIds,
    );
  });
}

export function submitSellerReview(db: Db, author: Author, input: CreateSellerReviewInput) {
  return asPlatform(db, async (tx) => {
    const order = await ownOrder(tx, author.userId, { orderId: input.orderId });
    if (await tx.review.findFirst({ where: { orderId: order.id, subject: "SELLER" }, select: { id: true } })) throw new ReviewConflictError("already-reviewed", { orderId: order.id });
    return insertReview(
      tx,
      author,
      { tenantId: order.tenantId, subject: "SELLER", productId: null, orderId: order.id, orderLineId: null, rating: input.rating, title: input.title, body: input.body },
      [],
    );
  });
}

/**
 * The author changes rating, title or body while the edit window is open (optimistic: `version` must
 * be the one read). The change goes through the text holds and moderation again: an approved review
 * edited into a link must not stay public on the strength of the old approval.
 */
export function editReview(db: Db, author: Author, input: EditReviewInput) {
  return asPlatform(db, async (tx) => {
    const review = await tx.review.findFirst({ where: { id: input.reviewId, authorUserId: author.userId } });
    if (!review) throw new NotFoundError("review", { reviewId: input.reviewId });
    if (review.status === "REJECTED" || review.editableUntil <= author.now) throw new ReviewConflictError("edit-window-closed", { editableUntil: review.editableUntil });
    if (review.version !== input.version) throw new ReviewConflictError("version-conflict", { version: review.version });
    const next = { rating: input.rating ?? review.rating, title: input.title ?? review.title, body: input.body ?? review.body };
    const reasons: HoldReason[] = textHoldReasons(next.title, next.body);
    const settings = await tx.reviewSettings.findUnique({ where: { tenantId: review.tenantId }, select: { autoPublish: true } });
    const status = initialStatus(reasons, settings?.autoPublish ?? false);
    const updated = await tx.review.updateMany({
      where: { id: review.id, version: review.version },
      data: {
        ...next,
        status,
        holdReasons: reasons,
        publishedAt: status === "PUBLISHED" ? (review.publishedAt ?? author.now) : null,
        version: { increment: 1 },
        updatedAt: author.now,
      },
    });
    if (updated.count !== 1) throw new ReviewConflictError("version-conflict", { version: review.version });
    const row = await tx.review.findUniqueOrThrow({ where: { id: review.id } });
    await enqueueEdited(tx, row, ratingChange(review, row), { rating: review.rating, status: review.status }, reasons);
    return row;
  });
}
