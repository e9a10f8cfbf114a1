-- Catalog and inventory (schema.prisma, blocks `--- catalog ---` and `--- inventory ---`). Owned by
-- packages/api/src/catalog and packages/api/src/inventory. The table and index DDL is what Prisma
-- generates for the models; row-level security, CHECKs, grants and triggers below live in SQL only.

-- CreateEnum
CREATE TYPE "ProductStatus" AS ENUM ('DRAFT', 'PUBLISHED', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "StockMovementKind" AS ENUM ('RECEIPT', 'ADJUSTMENT', 'RESERVATION', 'RELEASE', 'SALE');

-- CreateEnum
CREATE TYPE "ReservationStatus" AS ENUM ('ACTIVE', 'RELEASED', 'EXPIRED', 'CONSUMED');

-- CreateIndex
CREATE UNIQUE INDEX "stores_tenant_id_id_key" ON "stores"("tenant_id", "id");

-- CreateTable
CREATE TABLE "categories" (
    "id" UUID NOT NULL,
    "parent_id" UUID,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "categories_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "products" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "store_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "status" "ProductStatus" NOT NULL DEFAULT 'DRAFT',
    "category_id" UUID,
    "tags" JSONB NOT NULL DEFAULT '[]',
    "version" INTEGER NOT NULL DEFAULT 1,
    "published_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "products_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "product_options" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "values" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "product_options_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "product_variants" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "sku" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "option_values" JSONB NOT NULL DEFAULT '{}',
    "price_amount" INTEGER NOT NULL,
    "compare_at_amount" INTEGER,
    "currency" TEXT NOT NULL,
    "weight_grams" INTEGER,
    "barcode" TEXT,
    "low_stock_threshold" INTEGER,
    "position" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "product_variants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "product_images" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "asset_id" UUID NOT NULL,
    "alt" TEXT NOT NULL DEFAULT '',
    "position" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "product_images_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "collections" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "collections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "product_collections" (
    "tenant_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "collection_id" UUID NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "product_collections_pkey" PRIMARY KEY ("product_id","collection_id")
);

-- CreateTable
CREATE TABLE "stock_locations" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "stock_locations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stock_levels" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "variant_id" UUID NOT NULL,
    "location_id" UUID NOT NULL,
    "on_hand" INTEGER NOT NULL DEFAULT 0,
    "reserved" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "stock_levels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stock_movements" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "variant_id" UUID NOT NULL,
    "location_id" UUID NOT NULL,
    "kind" "StockMovementKind" NOT NULL,
    "on_hand_delta" INTEGER NOT NULL,
    "reserved_delta" INTEGER NOT NULL,
    "reservation_id" UUID,
    "reason" TEXT,
    "actor_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stock_movements_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stock_reservations" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "variant_id" UUID NOT NULL,
    "location_id" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,
    "status" "ReservationStatus" NOT NULL DEFAULT 'ACTIVE',
    "reference" TEXT,
    "idempotency_key" TEXT,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "released_at" TIMESTAMPTZ(3),
    "consumed_at" TIMESTAMPTZ(3),

    CONSTRAINT "stock_reservations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "categories_slug_key" ON "categories"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "categories_path_key" ON "categories"("path");

-- CreateIndex
CREATE INDEX "categories_parent_id_position_idx" ON "categories"("parent_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "products_tenant_id_id_key" ON "products"("tenant_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "products_tenant_id_handle_key" ON "products"("tenant_id", "handle");

-- CreateIndex
CREATE INDEX "products_tenant_id_status_updated_at_idx" ON "products"("tenant_id", "status", "updated_at");

-- CreateIndex
CREATE INDEX "products_tenant_id_store_id_created_at_idx" ON "products"("tenant_id", "store_id", "created_at");

-- CreateIndex
CREATE INDEX "products_category_id_idx" ON "products"("category_id");

-- CreateIndex
CREATE UNIQUE INDEX "product_options_product_id_name_key" ON "product_options"("product_id", "name");

-- CreateIndex
CREATE INDEX "product_options_tenant_id_idx" ON "product_options"("tenant_id");

-- CreateIndex
CREATE UNIQUE INDEX "product_variants_tenant_id_id_key" ON "product_variants"("tenant_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "product_variants_tenant_id_sku_key" ON "product_variants"("tenant_id", "sku");

-- CreateIndex
CREATE INDEX "product_variants_product_id_position_idx" ON "product_variants"("product_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "product_images_product_id_asset_id_key" ON "product_images"("product_id", "asset_id");

-- CreateIndex
CREATE INDEX "product_images_tenant_id_idx" ON "product_images"("tenant_id");

-- CreateIndex
CREATE INDEX "product_images_product_id_position_idx" ON "product_images"("product_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "collections_tenant_id_id_key" ON "collections"("tenant_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "collections_tenant_id_handle_key" ON "collections"("tenant_id", "handle");

-- CreateIndex
CREATE INDEX "product_collections_tenant_id_collection_id_position_idx" ON "product_collections"("tenant_id", "collection_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "stock_locations_tenant_id_id_key" ON "stock_locations"("tenant_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "stock_locations_tenant_id_code_key" ON "stock_locations"("tenant_id", "code");

-- CreateIndex
CREATE UNIQUE INDEX "stock_levels_variant_id_location_id_key" ON "stock_levels"("variant_id", "location_id");

-- CreateIndex
CREATE INDEX "stock_levels_tenant_id_location_id_idx" ON "stock_levels"("tenant_id", "location_id");

-- CreateIndex
CREATE INDEX "stock_movements_tenant_id_variant_id_location_id_created_at_idx" ON "stock_movements"("tenant_id", "variant_id", "location_id", "created_at");

-- CreateIndex
CREATE INDEX "stock_movements_reservation_id_idx" ON "stock_movements"("reservation_id");

-- CreateIndex
CREATE UNIQUE INDEX "stock_reservations_tenant_id_idempotency_key_key" ON "stock_reservations"("tenant_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "stock_reservations_status_expires_at_idx" ON "stock_reservations"("status", "expires_at");

-- CreateIndex
CREATE INDEX "stock_reservations_tenant_id_variant_id_idx" ON "stock_reservations"("tenant_id", "variant_id");

-- AddForeignKey
ALTER TABLE "categories" ADD CONSTRAINT "categories_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "categories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "products" ADD CONSTRAINT "products_tenant_id_store_id_fkey" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "stores"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "products" ADD CONSTRAINT "products_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "categories"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "product_options" ADD CONSTRAINT "product_options_tenant_id_product_id_fkey" FOREIGN KEY ("tenant_id", "product_id") REFERENCES "products"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "product_variants" ADD CONSTRAINT "product_variants_tenant_id_product_id_fkey" FOREIGN KEY ("tenant_id", "product_id") REFERENCES "products"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "product_images" ADD CONSTRAINT "product_images_tenant_id_product_id_fkey" FOREIGN KEY ("tenant_id", "product_id") REFERENCES "products"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "product_collections" ADD CONSTRAINT "product_collections_tenant_id_product_id_fkey" FOREIGN KEY ("tenant_id", "product_id") REFERENCES "products"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "product_collections" ADD CONSTRAINT "product_collections_tenant_id_collection_id_fkey" FOREIGN KEY ("tenant_id", "collection_id") REFERENCES "collections"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_levels" ADD CONSTRAINT "stock_levels_tenant_id_variant_id_fkey" FOREIGN KEY ("tenant_id", "variant_id") REFERENCES "product_variants"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_levels" ADD CONSTRAINT "stock_levels_tenant_id_location_id_fkey" FOREIGN KEY ("tenant_id", "location_id") REFERENCES "stock_locations"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Values the application promises, held by the database too. Handles and codes are URL segments; tags
-- lower-case strings; money integer minor units in an upper-case ISO 4217 code; stock never negative and
-- never more reserved than on hand (the conditional reservation UPDATE relies on this CHECK as its
-- backstop).
ALTER TABLE "categories"
    ADD CONSTRAINT "categories_slug_format" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length("slug") BETWEEN 1 AND 63),
    ADD CONSTRAINT "categories_not_own_parent" CHECK ("parent_id" IS NULL OR "parent_id" <> "id");

ALTER TABLE "products"
    ADD CONSTRAINT "products_handle_format" CHECK ("handle" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length("handle") BETWEEN 1 AND 120),
    ADD CONSTRAINT "products_tags_array" CHECK (jsonb_typeof("tags") = 'array'),
    ADD CONSTRAINT "products_version_positive" CHECK ("version" >= 1),
    ADD CONSTRAINT "products_published_has_time" CHECK ("status" <> 'PUBLISHED' OR "published_at" IS NOT NULL);

ALTER TABLE "product_options"
    ADD CONSTRAINT "product_options_values_array" CHECK (jsonb_typeof("values") = 'array');

ALTER TABLE "product_variants"
    ADD CONSTRAINT "product_variants_option_values_object" CHECK (jsonb_typeof("option_values") = 'object'),
    ADD CONSTRAINT "product_variants_price_non_negative" CHECK ("price_amount" >= 0),
    ADD CONSTRAINT "product_variants_compare_at_non_negative" CHECK ("compare_at_amount" IS NULL OR "compare_at_amount" >= 0),
    ADD CONSTRAINT "product_variants_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$'),
    ADD CONSTRAINT "product_variants_weight_non_negative" CHECK ("weight_grams" IS NULL OR "weight_grams" >= 0),
    ADD CONSTRAINT "product_variants_threshold_non_negative" CHECK ("low_stock_threshold" IS NULL OR "low_stock_threshold" >= 0);

ALTER TABLE "collections"
    ADD CONSTRAINT "collections_handle_format" CHECK ("handle" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length("handle") BETWEEN 1 AND 120);

ALTER TABLE "stock_locations"
    ADD CONSTRAINT "stock_locations_code_format" CHECK ("code" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length("code") BETWEEN 1 AND 63);

ALTER TABLE "stock_levels"
    ADD CONSTRAINT "stock_levels_on_hand_non_negative" CHECK ("on_hand" >= 0),
    ADD CONSTRAINT "stock_levels_reserved_within_on_hand" CHECK ("reserved" >= 0 AND "reserved" <= "on_hand");

ALTER TABLE "stock_movements"
    ADD CONSTRAINT "stock_movements_changes_something" CHECK ("on_hand_delta" <> 0 OR "reserved_delta" <> 0);

ALTER TABLE "stock_reservations"
    ADD CONSTRAINT "stock_reservations_quantity_positive" CHECK ("quantity" > 0),
    ADD CONSTRAINT "stock_reservations_released_has_time" CHECK ("status" NOT IN ('RELEASED', 'EXPIRED') OR "released_at" IS NOT NULL),
    ADD CONSTRAINT "stock_reservations_consumed_has_time" CHECK ("status" <> 'CONSUMED' OR "consumed_at" IS NOT NULL);

-- The ledger is append-only like audit_entries (20261122000300): no UPDATE/DELETE/TRUNCATE privilege for
-- the runtime role, and a trigger that refuses them for every role.
REVOKE UPDATE, DELETE, TRUNCATE ON "stock_movements" FROM bazaar_app;

CREATE FUNCTION stock_movements_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'stock_movements is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER stock_movements_append_only
    BEFORE UPDATE OR DELETE ON "stock_movements"
    FOR EACH ROW EXECUTE FUNCTION stock_movements_refuse_change();

CREATE TRIGGER stock_movements_no_truncate
    BEFORE TRUNCATE ON "stock_movements"
    FOR EACH STATEMENT EXECUTE FUNCTION stock_movements_refuse_change();

-- Reservations are the record of what was held and why: never deleted by the application.
REVOKE DELETE, TRUNCATE ON "stock_reservations" FROM bazaar_app;

-- categories: the platform's tree. Everyone reads it (storefronts, every tenant's editor); only platform
-- context writes it.
ALTER TABLE "categories" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "categories" FORCE ROW LEVEL SECURITY;
CREATE POLICY read_all ON "categories" FOR SELECT USING (true);
CREATE POLICY platform_access ON "categories"
    USING (app_is_platform())
    WITH CHECK (app_is_platform());

-- Every other table: a tenant context sees and writes its own rows, platform context every row, as in
-- 20261123092000_tenancy.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['products', 'product_options', 'product_variants', 'product_images', 'collections',
                             'product_collections', 'stock_locations', 'stock_levels', 'stock_movements',
                             'stock_reservations']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING ("tenant_id" = app_current_tenant_id()) WITH CHECK ("tenant_id" = app_current_tenant_id())', t);
        EXECUTE format('CREATE POLICY platform_access ON %I USING (app_is_platform()) WITH CHECK (app_is_platform())', t);
    END LOOP;
END
$$;
