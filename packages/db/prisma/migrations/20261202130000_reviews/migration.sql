-- Reviews (schema.prisma, block `--- reviews ---`). Owned by packages/api/src/reviews (the reviews, their
-- photos, helpful votes, reports and each seller's moderation setting) and by the ratings projection in
-- apps/workers/src/reviews (product_ratings, seller_ratings: a read model rebuilt from reviews at will).
-- Every table is the reviewed seller's (tenant-owned): the seller sees the reviews of their products and
-- store; shoppers and operators act in platform context, always filtered by who they are
-- (docs/decisions/0023-reviews-moderation-and-ratings.md).

CREATE TYPE "ReviewSubject" AS ENUM ('PRODUCT', 'SELLER');
CREATE TYPE "ReviewStatus" AS ENUM ('PENDING', 'HELD', 'PUBLISHED', 'REJECTED');

CREATE TABLE "reviews" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "subject" "ReviewSubject" NOT NULL,
    "product_id" UUID,
    "order_id" UUID NOT NULL,
    "order_line_id" UUID,
    "author_user_id" UUID NOT NULL,
    "author_name" TEXT NOT NULL,
    "rating" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" "ReviewStatus" NOT NULL DEFAULT 'PENDING',
    "hold_reasons" JSONB NOT NULL DEFAULT '[]',
    "rejection_reason" TEXT,
    "client_address" TEXT,
    "helpful_count" INTEGER NOT NULL DEFAULT 0,
    "report_count" INTEGER NOT NULL DEFAULT 0,
    "reply_body" TEXT,
    "replied_at" TIMESTAMPTZ(3),
    "replied_by" UUID,
    "editable_until" TIMESTAMPTZ(3) NOT NULL,
    "published_at" TIMESTAMPTZ(3),
    "moderated_at" TIMESTAMPTZ(3),
    "moderated_by" UUID,
    "version" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reviews_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "review_photos" (
    "review_id" UUID NOT NULL,
    "asset_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "review_photos_pkey" PRIMARY KEY ("review_id", "asset_id")
);

CREATE TABLE "review_votes" (
    "review_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "review_votes_pkey" PRIMARY KEY ("review_id", "user_id")
);

CREATE TABLE "review_reports" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "review_id" UUID NOT NULL,
    "reporter_user_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "review_reports_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "review_settings" (
    "tenant_id" UUID NOT NULL,
    "auto_publish" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "review_settings_pkey" PRIMARY KEY ("tenant_id")
);

CREATE TABLE "product_ratings" (
    "product_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "sum" INTEGER NOT NULL DEFAULT 0,
    "star1" INTEGER NOT NULL DEFAULT 0,
    "star2" INTEGER NOT NULL DEFAULT 0,
    "star3" INTEGER NOT NULL DEFAULT 0,
    "star4" INTEGER NOT NULL DEFAULT 0,
    "star5" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "product_ratings_pkey" PRIMARY KEY ("product_id")
);

CREATE TABLE "seller_ratings" (
    "tenant_id" UUID NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "sum" INTEGER NOT NULL DEFAULT 0,
    "star1" INTEGER NOT NULL DEFAULT 0,
    "star2" INTEGER NOT NULL DEFAULT 0,
    "star3" INTEGER NOT NULL DEFAULT 0,
    "star4" INTEGER NOT NULL DEFAULT 0,
    "star5" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "seller_ratings_pkey" PRIMARY KEY ("tenant_id")
);

-- One review per order line; one seller review per order (partial: product reviews share order ids).
CREATE UNIQUE INDEX "reviews_order_line_id_key" ON "reviews"("order_line_id");
CREATE UNIQUE INDEX "reviews_seller_order_key" ON "reviews"("order_id") WHERE "subject" = 'SELLER';
CREATE UNIQUE INDEX "reviews_tenant_id_id_key" ON "reviews"("tenant_id", "id");
CREATE INDEX "reviews_product_id_status_created_at_idx" ON "reviews"("product_id", "status", "created_at");
CREATE INDEX "reviews_tenant_id_subject_status_created_at_idx" ON "reviews"("tenant_id", "subject", "status", "created_at");
CREATE INDEX "reviews_status_created_at_idx" ON "reviews"("status", "created_at");
CREATE INDEX "reviews_author_user_id_created_at_idx" ON "reviews"("author_user_id", "created_at");
CREATE INDEX "reviews_client_address_created_at_idx" ON "reviews"("client_address", "created_at");
CREATE UNIQUE INDEX "review_reports_review_id_reporter_user_id_key" ON "review_reports"("review_id", "reporter_user_id");
CREATE INDEX "product_ratings_tenant_id_idx" ON "product_ratings"("tenant_id");

ALTER TABLE "reviews" ADD CONSTRAINT "reviews_tenant_id_order_id_fkey" FOREIGN KEY ("tenant_id", "order_id") REFERENCES "orders"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_order_line_id_fkey" FOREIGN KEY ("order_line_id") REFERENCES "order_lines"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "review_photos" ADD CONSTRAINT "review_photos_tenant_id_review_id_fkey" FOREIGN KEY ("tenant_id", "review_id") REFERENCES "reviews"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "review_photos" ADD CONSTRAINT "review_photos_asset_id_fkey" FOREIGN KEY ("asset_id") REFERENCES "media_assets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "review_votes" ADD CONSTRAINT "review_votes_tenant_id_review_id_fkey" FOREIGN KEY ("tenant_id", "review_id") REFERENCES "reviews"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "review_reports" ADD CONSTRAINT "review_reports_tenant_id_review_id_fkey" FOREIGN KEY ("tenant_id", "review_id") REFERENCES "reviews"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- What the service checks, held again where no code path can skip it.
ALTER TABLE "reviews"
    ADD CONSTRAINT "reviews_rating_range" CHECK ("rating" BETWEEN 1 AND 5),
    ADD CONSTRAINT "reviews_subject_shape" CHECK (
        ("subject" = 'PRODUCT' AND "product_id" IS NOT NULL AND "order_line_id" IS NOT NULL)
     OR ("subject" = 'SELLER' AND "product_id" IS NULL AND "order_line_id" IS NULL)),
    ADD CONSTRAINT "reviews_counts" CHECK ("helpful_count" >= 0 AND "report_count" >= 0),
    ADD CONSTRAINT "reviews_rejection_reason" CHECK (("status" = 'REJECTED') = ("rejection_reason" IS NOT NULL)),
    ADD CONSTRAINT "reviews_reply_once" CHECK (("reply_body" IS NULL) = ("replied_at" IS NULL));
ALTER TABLE "product_ratings"
    ADD CONSTRAINT "product_ratings_histogram" CHECK (
        least("star1", "star2", "star3", "star4", "star5") >= 0
        AND "count" = "star1" + "star2" + "star3" + "star4" + "star5"
        AND "sum" = "star1" + 2 * "star2" + 3 * "star3" + 4 * "star4" + 5 * "star5");
ALTER TABLE "seller_ratings"
    ADD CONSTRAINT "seller_ratings_histogram" CHECK (
        least("star1", "star2", "star3", "star4", "star5") >= 0
        AND "count" = "star1" + "star2" + "star3" + "star4" + "star5"
        AND "sum" = "star1" + 2 * "star2" + 3 * "star3" + 4 * "star4" + 5 * "star5");

DO $$
DECLARE t TEXT;
BEGIN
  FOREACH t IN ARRAY ARRAY['reviews', 'review_photos', 'review_votes', 'review_reports', 'review_settings', 'product_ratings', 'seller_ratings'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING ("tenant_id" = app_current_tenant_id()) WITH CHECK ("tenant_id" = app_current_tenant_id())', t);
    EXECUTE format('CREATE POLICY platform_access ON %I USING (app_is_platform()) WITH CHECK (app_is_platform())', t);
  END LOOP;
END $$;

-- A review and its reports are the record moderation decisions rest on: rejected, never deleted.
REVOKE DELETE, TRUNCATE ON "reviews", "review_reports" FROM bazaar_app;
