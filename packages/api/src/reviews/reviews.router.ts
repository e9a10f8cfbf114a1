import { authedProcedure, createTRPCRouter, platformProcedure, publicProcedure, tenantProcedure } from "../trpc";
import { getReviewSettings, listTenantReviews, replyToReview, reportReview, updateReviewSettings, voteHelpful } from "./engagement.service";
import { approveReview, listModerationQueue, rejectReview } from "./moderation.service";
import { confirmPhotoUpload, createPhotoUpload } from "./review-photos.service";
import { listMyReviews, listProductReviews, listReviewable, listSellerReviews, productRating, sellerRating } from "./review-read.service";
import { editReview, submitProductReview, submitSellerReview, type Author } from "./review-submit.service";
import {
  confirmPhotoSchema,
  createReviewSchema,
  createSellerReviewSchema,
  editReviewSchema,
  listProductReviewsSchema,
  listSellerReviewsSchema,
  moderationQueueSchema,
  photoUploadSchema,
  productIdSchema,
  rejectReviewSchema,
  replyToReviewSchema,
  reportReviewSchema,
  reviewIdSchema,
  reviewSettingsSchema,
  tenantIdSchema,
  tenantReviewsSchema,
} from "./reviews.schema";

const author = (ctx: { session: { userId: string }; clientAddress: string | null; clock: () => Date }): Author => ({
  userId: ctx.session.userId,
  clientAddress: ctx.clientAddress,
  now: ctx.clock(),
});

/**
 * Reviews (procedures and rules in reviews/README.md): the storefront reads published reviews and
 * ratings; a signed-in buyer reviews delivered lines and sellers, edits within the window, votes and
 * reports; operators moderate; the seller replies and chooses auto-publication.
 */
export const reviewsRouter = createTRPCRouter({
  listProductReviews: publicProcedure.input(listProductReviewsSchema).query(({ ctx, input }) => listProductReviews(ctx.db, input)),
  listSellerReviews: publicProcedure.input(listSellerReviewsSchema).query(({ ctx, input }) => listSellerReviews(ctx.db, input)),
  productRating: publicProcedure.input(productIdSchema).query(({ ctx, input }) => productRating(ctx.db, input.productId)),
  sellerRating: publicProcedure.input(tenantIdSchema).query(({ ctx, input }) => sellerRating(ctx.db, input.tenantId)),

  createReview: authedProcedure.input(createReviewSchema).mutation(({ ctx, input }) => submitProductReview(ctx.db, author(ctx), input)),
  createSellerReview: authedProcedure.input(createSellerReviewSchema).mutation(({ ctx, input }) => submitSellerReview(ctx.db, author(ctx), input)),
  editReview: authedProcedure.input(editReviewSchema).mutation(({ ctx, input }) => editReview(ctx.db, author(ctx), input)),
  myReviews: authedProcedure.query(({ ctx }) => listMyReviews(ctx.db, ctx.session.userId)),
  myReviewable: authedProcedure.query(({ ctx }) => listReviewable(ctx.db, ctx.session.userId)),
  createPhotoUpload: authedProcedure.input(photoUploadSchema).mutation(({ ctx, input }) => createPhotoUpload(ctx.db, ctx.session.userId, input)),
  confirmPhotoUpload: authedProcedure.input(confirmPhotoSchema).mutation(({ ctx, input }) => confirmPhotoUpload(ctx.db, ctx.session.userId, input)),
  voteHelpful: authedProcedure.input(reviewIdSchema).mutation(({ ctx, input }) => voteHelpful(ctx.db, ctx.session.userId, input.reviewId)),
  reportReview: authedProcedure.input(reportReviewSchema).mutation(({ ctx, input }) => reportReview(ctx.db, ctx.session.userId, input.reviewId, input.reason)),

  moderationQueue: platformProcedure("SUPPORT").input(moderationQueueSchema).query(({ ctx, input }) => listModerationQueue(ctx.db, input)),
  approveReview: platformProcedure("SUPPORT").input(reviewIdSchema).mutation(({ ctx, input }) => approveReview(ctx.db, ctx.session.userId, input.reviewId, ctx.clock())),
  rejectReview: platformProcedure("SUPPORT").input(rejectReviewSchema).mutation(({ ctx, input }) => rejectReview(ctx.db, ctx.session.userId, input.reviewId, input.reason, ctx.clock())),

  tenantReviews: tenantProcedure("VIEWER").input(tenantReviewsSchema).query(({ ctx, input }) => listTenantReviews(ctx.db, input)),
  replyToReview: tenantProcedure("STAFF").input(replyToReviewSchema).mutation(({ ctx, input }) => replyToReview(ctx.db, ctx.tenant.id, ctx.session.userId, input.reviewId, input.body, ctx.clock())),
  reviewSettings: tenantProcedure("VIEWER").query(({ ctx }) => getReviewSettings(ctx.db, ctx.tenant.id)),
  updateReviewSettings: tenantProcedure("MANAGER").input(reviewSettingsSchema).mutation(({ ctx, input }) => updateReviewSettings(ctx.db, ctx.tenant.id, input.autoPublish)),
});
