import { asPlatform, type Db, type Prisma, type Tx } from "@bazaar/db";
import type { ListReviewsInput } from "./reviews.schema";

// Public reads: published reviews only, and only the fields a storefront shows (no client address, no
// hold reasons, no author id). Keyset pages through Prisma's cursor (the last review's id).

const renditionUrl = (renditions: unknown, size: "thumb" | "full"): string | null => {
  const r = renditions as Record<string, { url?: unknown }> | null;
  return typeof r?.[size]?.url === "string" ? (r[size].url as string) : null;
};

export const publicReviewSelect = {
  id: true,
  subject: true,
  productId: true,
  tenantId: true,
  rating: true,
  title: true,
  body: true,
  authorName: true,
  helpfulCount: true,
  replyBody: true,
  repliedAt: true,
  publishedAt: true,
  createdAt: true,
  updatedAt: true,
  photos: { select: { assetId: true, position: true, asset: { select: { status: true, renditions: true } } }, orderBy: { position: "asc" as const } },
} satisfies Prisma.ReviewSelect;

type PublicRow = Prisma.ReviewGetPayload<{ select: typeof publicReviewSelect }>;

export function toPublicReview(r: PublicRow) {
  return {
    id: r.id,
    subject: r.subject,
    productId: r.productId,
    tenantId: r.tenantId,
    rating: r.rating,
    title: r.title,
    body: r.body,
    authorName: r.authorName,
    /** Every review comes from a delivered order. */
    verifiedPurchase: true as const,
    helpfulCount: r.helpfulCount,
    reply: r.replyBody && r.repliedAt ? { body: r.replyBody, repliedAt: r.repliedAt } : null,
    photos: r.photos
      .filter((p) => p.asset.status === "READY")
      .map((p) => ({ assetId: p.assetId, thumbUrl: renditionUrl(p.asset.renditions, "thumb"), fullUrl: renditionUrl(p.asset.renditions, "full") })),
    publishedAt: r.publishedAt,
    createdAt: r.createdAt,
    edited: r.updatedAt.getTime() > r.createdAt.getTime(),
  };
}

export type PublicReview = ReturnType<typeof toPublicReview>;

export function reviewOrder(sort: ListReviewsInput["sort"]): Prisma.ReviewOrderByWithRelationInput[] {
  return sort === "most_helpful" ? [{ helpfulCount: "desc" }, { publishedAt: "desc" }, { id: "desc" }] : [{ publishedAt: "desc" }, { id: "desc" }];
}

/** One keyset page of `where`; `nextCursor` is null on the last page. */
export async function reviewPage<S extends Prisma.ReviewSelect>(tx: Tx, where: Prisma.ReviewWhereInput, orderBy: Prisma.ReviewOrderByWithRelationInput[], input: { cursor?: string | undefined; limit: number }, select: S) {
  const rows = await tx.review.findMany({
    where,
    orderBy,
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    select: { ...select, id: true },
  });
  const more = rows.length > input.limit;
  const page = more ? rows.slice(0, input.limit) : rows;
  return { rows: page, nextCursor: more ? ((page.at(-1) as { id: string }).id) : null };
}

export function listProductReviews(db: Db, input: ListReviewsInput & { productId: string }) {
  return asPlatform(db, async (tx) => {
    const { rows, nextCursor } = await reviewPage(tx, { productId: input.productId, subject: "PRODUCT", status: "PUBLISHED" }, reviewOrder(input.sort), input, publicReviewSelect);
    return { items: rows.map(toPublicReview), nextCursor };
  });
}

export function listSellerReviews(db: Db, input: ListReviewsInput & { tenantId: string }) {
  return asPlatform(db, async (tx) => {
    const { rows, nextCursor } = await reviewPage(tx, { tenantId: input.tenantId, subject: "SELLER", status: "PUBLISHED" }, reviewOrder(input.sort), input, publicReviewSelect);
    return { items: rows.map(toPublicReview), nextCursor };
  });
}

interface RatingRow {
  count: number;
  sum: number;
  star1: number;
  star2: number;
  star3: number;
  star4: number;
  star5: number;
}

/** Average rounded to two decimals, and the histogram keyed by stars. */
export function ratingSummary(row: RatingRow | null) {
  const r = row ?? { count: 0, sum: 0, star1: 0, star2: 0, star3: 0, star4: 0, star5: 0 };
  return {
    average: r.count === 0 ? 0 : Math.round((r.sum / r.count) * 100) / 100,
    count: r.count,
    histogram: { 1: r.star1, 2: r.star2, 3: r.star3, 4: r.star4, 5: r.star5 },
  };
}

export function productRating(db: Db, productId: string) {
  return asPlatform(db, async (tx) => ratingSummary(await tx.productRating.findUnique({ where: { productId } })));
}

export function sellerRating(db: Db, tenantId: string) {
  return asPlatform(db, async (tx) => ratingSummary(await tx.sellerRating.findUnique({ where: { tenantId } })));
}

/** The signed-in shopper's reviews, any status (their own: they see why one was rejected). */
export function listMyReviews(db: Db, userId: string) {
  return asPlatform(db, (tx) =>
    tx.review.findMany({
      where: { authorUserId: userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 100,
      select: { id: true, subject: true, productId: true, tenantId: true, orderId: true, orderLineId: true, rating: true, title: true, body: true, status: true, rejectionReason: true, editableUntil: true, version: true, replyBody: true, createdAt: true, updatedAt: true },
    }),
  );
}

/**
 * What the shopper may review, for "write a review" in order history: each line of their delivered
 * orders with its review (if any), and each delivered order with its seller review (if any).
 */
export function listReviewable(db: Db, userId: string) {
  return asPlatform(db, async (tx) => {
    const orders = await tx.order.findMany({
      where: { status: "DELIVERED", group: { shopperUserId: userId } },
      orderBy: { createdAt: "desc" },
      take: 100,
      select: {
        id: true,
        tenantId: true,
        createdAt: true,
        lines: { select: { id: true, sku: true, title: true, variantId: true, review: { select: { id: true, status: true } } }, orderBy: { sku: "asc" } },
        reviews: { where: { subject: "SELLER" }, select: { id: true, status: true } },
      },
    });
    return orders.map((o) => ({
      orderId: o.id,
      tenantId: o.tenantId,
      orderedAt: o.createdAt,
      sellerReview: o.reviews[0] ?? null,
      lines: o.lines.map((l) => ({ orderLineId: l.id, sku: l.sku, title: l.title, variantId: l.variantId, review: l.review })),
    }));
  });
}
