-- Promotions (schema.prisma, block `--- promotions ---`). Owned by packages/api/src/cart/promotions*.ts:
-- coupon codes for the whole marketplace (tenant_id NULL, funded by the platform) or one seller (funded by
-- that seller), with usage limits in total (`used_count`, taken by one conditional UPDATE) and per
-- customer (`promotion_customer_usage`, taken by one conditional upsert), both inside checkout's
-- transaction and given back by the saga's compensation.

CREATE TYPE "PromotionKind" AS ENUM ('PERCENTAGE', 'FIXED', 'FREE_SHIPPING');

CREATE TABLE "promotions" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "tenant_id" UUID,
    "kind" "PromotionKind" NOT NULL,
    "value" INTEGER NOT NULL DEFAULT 0,
    "currency" TEXT,
    "min_subtotal_amount" INTEGER NOT NULL DEFAULT 0,
    "starts_at" TIMESTAMPTZ(3),
    "ends_at" TIMESTAMPTZ(3),
    "usage_limit" INTEGER,
    "per_customer_limit" INTEGER,
    "used_count" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "promotions_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "promotion_customer_usage" (
    "promotion_id" UUID NOT NULL,
    "customer_key" TEXT NOT NULL,
    "used_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "promotion_customer_usage_pkey" PRIMARY KEY ("promotion_id", "customer_key")
);

CREATE UNIQUE INDEX "promotions_code_key" ON "promotions"("code");
CREATE INDEX "promotions_tenant_id_idx" ON "promotions"("tenant_id");
ALTER TABLE "promotion_customer_usage" ADD CONSTRAINT "promotion_customer_usage_promotion_id_fkey" FOREIGN KEY ("promotion_id") REFERENCES "promotions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "order_groups" ADD COLUMN "promotion_id" UUID, ADD COLUMN "customer_key" TEXT;
ALTER TABLE "orders" ADD COLUMN "discount_amount" INTEGER NOT NULL DEFAULT 0, ADD COLUMN "discount_funded_by" TEXT;

-- The limits are the table's promise, whatever code runs: a counter never passes its limit.
ALTER TABLE "promotions"
    ADD CONSTRAINT "promotions_code_shape" CHECK ("code" ~ '^[A-Z0-9-]{3,40}$'),
    ADD CONSTRAINT "promotions_value" CHECK (
        ("kind" = 'PERCENTAGE' AND "value" BETWEEN 1 AND 10000) OR
        ("kind" = 'FIXED' AND "value" > 0 AND "currency" IS NOT NULL) OR
        ("kind" = 'FREE_SHIPPING' AND "value" = 0)),
    ADD CONSTRAINT "promotions_currency_iso" CHECK ("currency" IS NULL OR "currency" ~ '^[A-Z]{3}$'),
    ADD CONSTRAINT "promotions_limits" CHECK (("usage_limit" IS NULL OR "usage_limit" > 0) AND ("per_customer_limit" IS NULL OR "per_customer_limit" > 0)),
    ADD CONSTRAINT "promotions_used_within_limit" CHECK ("used_count" >= 0 AND ("usage_limit" IS NULL OR "used_count" <= "usage_limit")),
    ADD CONSTRAINT "promotions_min_subtotal" CHECK ("min_subtotal_amount" >= 0);
ALTER TABLE "promotion_customer_usage" ADD CONSTRAINT "promotion_customer_usage_count" CHECK ("used_count" >= 0);
ALTER TABLE "orders"
    ADD CONSTRAINT "orders_discount" CHECK ("discount_amount" >= 0),
    ADD CONSTRAINT "orders_discount_funded_by" CHECK ("discount_funded_by" IS NULL OR "discount_funded_by" IN ('PLATFORM', 'SELLER'));

-- A seller sees and manages only their own promotions; marketplace ones (tenant_id NULL) only the
-- platform (checkout looks codes up in platform context). Usage counters are platform machinery.
ALTER TABLE "promotions" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "promotions" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "promotions"
    USING ("tenant_id" = app_current_tenant_id())
    WITH CHECK ("tenant_id" = app_current_tenant_id());
CREATE POLICY platform_access ON "promotions"
    USING (app_is_platform())
    WITH CHECK (app_is_platform());
ALTER TABLE "promotion_customer_usage" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "promotion_customer_usage" FORCE ROW LEVEL SECURITY;
CREATE POLICY platform_access ON "promotion_customer_usage" USING (app_is_platform()) WITH CHECK (app_is_platform());
REVOKE DELETE, TRUNCATE ON "promotions", "promotion_customer_usage" FROM bazaar_app;
