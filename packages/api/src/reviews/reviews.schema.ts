import { z } from "zod";
import { multilineText, text } from "../validation/text.schema";

// Inputs of the reviews procedures. Title and body go through the shared free-text schema; markup is
// not stripped or refused: it is stored as written and every reader escapes it (React does).

export const rating = z.number().int().min(1, "1 to 5 stars").max(5, "1 to 5 stars");
export const TITLE_MAX = 120;
export const BODY_MAX = 5_000;
const title = text({ max: TITLE_MAX });
const body = multilineText({ max: BODY_MAX });
const reason = multilineText({ max: 500 });
export const MAX_PHOTOS = 5;

export const createReviewSchema = z.object({
  orderLineId: z.uuid(),
  rating,
  title,
  body,
  /** Media assets the author uploaded for this review (reviews.createPhotoUpload), shown in this order. */
  photoAssetIds: z.array(z.uuid()).max(MAX_PHOTOS).default([]),
});
export type CreateReviewInput = z.infer<typeof createReviewSchema>;

export const createSellerReviewSchema = z.object({ orderId: z.uuid(), rating, title, body });
export type CreateSellerReviewInput = z.infer<typeof createSellerReviewSchema>;

export const editReviewSchema = z
  .object({ reviewId: z.uuid(), version: z.number().int().min(0), rating: rating.optional(), title: title.optional(), body: body.optional() })
  .refine((v) => v.rating !== undefined || v.title !== undefined || v.body !== undefined, "change at least one of rating, title, body");
export type EditReviewInput = z.infer<typeof editReviewSchema>;

export const reviewIdSchema = z.object({ reviewId: z.uuid() });

export const REVIEW_SORTS = ["newest", "most_helpful"] as const;
export type ReviewSort = (typeof REVIEW_SORTS)[number];
/** Keyset page: the id of the last review of the previous page (Prisma cursor). */
const page = { cursor: z.uuid("a cursor returned by the previous page").optional(), limit: z.number().int().min(1).max(50).default(10) };

export const listProductReviewsSchema = z.object({ productId: z.uuid(), sort: z.enum(REVIEW_SORTS).default("newest"), ...page });
export const listSellerReviewsSchema = z.object({ tenantId: z.uuid(), sort: z.enum(REVIEW_SORTS).default("newest"), ...page });
export type ListReviewsInput = { sort: ReviewSort; cursor?: string | undefined; limit: number };

export const productIdSchema = z.object({ productId: z.uuid() });
export const tenantIdSchema = z.object({ tenantId: z.uuid() });

export const reportReviewSchema = z.object({ reviewId: z.uuid(), reason });

export const MODERATION_QUEUES = ["PENDING", "HELD", "REPORTED"] as const;
export const moderationQueueSchema = z.object({ queue: z.enum(MODERATION_QUEUES).default("HELD"), ...page });
export const rejectReviewSchema = z.object({ reviewId: z.uuid(), reason });

export const tenantReviewsSchema = z.object({ status: z.enum(["PENDING", "HELD", "PUBLISHED", "REJECTED"]).optional(), ...page });
export const replyToReviewSchema = z.object({ reviewId: z.uuid(), body: multilineText({ max: 2_000 }) });
export const reviewSettingsSchema = z.object({ autoPublish: z.boolean() });

export const photoUploadSchema = z.object({
  orderLineId: z.uuid(),
  contentType: z.enum(["image/jpeg", "image/png", "image/webp", "image/avif", "image/gif"]),
  size: z.number().int().positive(),
});
export const confirmPhotoSchema = z.object({ orderLineId: z.uuid(), assetId: z.uuid() });
