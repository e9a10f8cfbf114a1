-- Media assets: uploaded images and their renditions (schema.prisma, block `--- media ---`). Owned by
-- packages/api/src/media; the bytes live in object storage (packages/storage), this table records what
-- was uploaded, whether it passed the checks and where its renditions are. The table and index DDL is
-- what Prisma generates for the model; checks, row-level security and grants live in SQL only.

-- CreateEnum
CREATE TYPE "MediaAssetStatus" AS ENUM ('PENDING', 'READY', 'REJECTED');

-- CreateTable
CREATE TABLE "media_assets" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "owner_kind" TEXT NOT NULL,
    "status" "MediaAssetStatus" NOT NULL DEFAULT 'PENDING',
    "original_key" TEXT NOT NULL,
    "declared_content_type" TEXT NOT NULL,
    "declared_size" INTEGER NOT NULL,
    "content_type" TEXT,
    "size" INTEGER,
    "width" INTEGER,
    "height" INTEGER,
    "renditions" JSONB,
    "rejection_reason" TEXT,
    "created_by" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "processed_at" TIMESTAMPTZ(3),

    CONSTRAINT "media_assets_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "media_assets_original_key_key" ON "media_assets"("original_key");

-- CreateIndex
CREATE INDEX "media_assets_tenant_id_created_at_idx" ON "media_assets"("tenant_id", "created_at");

-- CreateIndex
CREATE INDEX "media_assets_status_created_at_idx" ON "media_assets"("status", "created_at");

-- What a READY asset promises its readers (product pages, the catalog): the checked type, size and
-- dimensions and a renditions object; a rejected one says why. owner_kind is an open list of lower-case
-- words ('product', 'store', ...) so a new owner needs no migration.
ALTER TABLE "media_assets"
    ADD CONSTRAINT "media_assets_owner_kind_format" CHECK ("owner_kind" ~ '^[a-z][a-z_]{1,31}$'),
    ADD CONSTRAINT "media_assets_declared_size_positive" CHECK ("declared_size" > 0),
    ADD CONSTRAINT "media_assets_ready_is_complete" CHECK (
        "status" <> 'READY' OR (
            "content_type" IS NOT NULL AND "size" > 0 AND "width" > 0 AND "height" > 0
            AND jsonb_typeof("renditions") = 'object' AND "processed_at" IS NOT NULL)),
    ADD CONSTRAINT "media_assets_rejected_has_reason" CHECK ("status" <> 'REJECTED' OR "rejection_reason" IS NOT NULL);

-- Row-level security as in 20261123092000_tenancy: a tenant context sees and writes its own rows;
-- platform context (workers, asPlatform) sees every row.
ALTER TABLE "media_assets" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "media_assets" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "media_assets"
    USING ("tenant_id" = app_current_tenant_id())
    WITH CHECK ("tenant_id" = app_current_tenant_id());
CREATE POLICY platform_access ON "media_assets"
    USING (app_is_platform())
    WITH CHECK (app_is_platform());

GRANT SELECT, INSERT, UPDATE, DELETE ON "media_assets" TO bazaar_app;
