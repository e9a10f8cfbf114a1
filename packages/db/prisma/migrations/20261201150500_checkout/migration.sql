-- Checkout (schema.prisma, block `--- checkout ---`). Owned by packages/api/src/cart and
-- packages/api/src/checkout: per-seller shipping rates and checkout settings, per-region tax rates, the
-- order group (one checkout, platform/shopper-owned), one order per seller with its lines (tenant-owned),
-- and the checkout saga that drives a group to confirmed or compensated (docs/decisions/0019).

CREATE TYPE "ShippingRateKind" AS ENUM ('FLAT', 'WEIGHT');
CREATE TYPE "CaptureAt" AS ENUM ('CONFIRMATION', 'FULFILMENT');
CREATE TYPE "OrderGroupStatus" AS ENUM ('PENDING', 'CONFIRMED', 'CANCELLED');
CREATE TYPE "OrderStatus" AS ENUM ('PENDING_PAYMENT', 'PAID', 'PARTIALLY_FULFILLED', 'FULFILLED', 'DELIVERED', 'CANCELLED', 'PARTIALLY_REFUNDED', 'REFUNDED');
CREATE TYPE "SagaState" AS ENUM ('RUNNING', 'COMPENSATING', 'CONFIRMED', 'COMPENSATED');
CREATE TYPE "SagaStep" AS ENUM ('RESERVE', 'AUTHORIZE', 'AWAIT_PAYMENT', 'CONFIRM', 'CAPTURE', 'VOID', 'RELEASE', 'DONE');

CREATE TABLE "shipping_rates" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ShippingRateKind" NOT NULL,
    "currency" TEXT NOT NULL,
    "base_amount" INTEGER NOT NULL,
    "per_kg_amount" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "shipping_rates_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "seller_checkout_settings" (
    "tenant_id" UUID NOT NULL,
    "prices_include_tax" BOOLEAN NOT NULL DEFAULT false,
    "capture_at" "CaptureAt" NOT NULL DEFAULT 'CONFIRMATION',
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "seller_checkout_settings_pkey" PRIMARY KEY ("tenant_id")
);

CREATE TABLE "tax_rates" (
    "region" TEXT NOT NULL,
    "rate_bps" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tax_rates_pkey" PRIMARY KEY ("region")
);

CREATE TABLE "order_groups" (
    "id" UUID NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "cart_id" TEXT NOT NULL,
    "shopper_user_id" UUID,
    "email" TEXT NOT NULL,
    "shipping_address" JSONB NOT NULL,
    "currency" TEXT NOT NULL,
    "total_amount" INTEGER NOT NULL,
    "status" "OrderGroupStatus" NOT NULL DEFAULT 'PENDING',
    "payment_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "order_groups_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "orders" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "group_id" UUID NOT NULL,
    "status" "OrderStatus" NOT NULL DEFAULT 'PENDING_PAYMENT',
    "currency" TEXT NOT NULL,
    "subtotal_amount" INTEGER NOT NULL,
    "shipping_amount" INTEGER NOT NULL,
    "tax_amount" INTEGER NOT NULL,
    "total_amount" INTEGER NOT NULL,
    "prices_include_tax" BOOLEAN NOT NULL,
    "shipping_rate_code" TEXT NOT NULL,
    "commission_plan" TEXT NOT NULL,
    "commission_bps" INTEGER NOT NULL,
    "commission_amount" INTEGER NOT NULL,
    "capture_at" "CaptureAt" NOT NULL,
    "reservation_id" UUID,
    "tracking_number" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "order_lines" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "variant_id" UUID NOT NULL,
    "sku" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unit_price_amount" INTEGER NOT NULL,
    "line_total_amount" INTEGER NOT NULL,
    "weight_grams" INTEGER,

    CONSTRAINT "order_lines_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "checkout_sagas" (
    "id" UUID NOT NULL,
    "group_id" UUID NOT NULL,
    "state" "SagaState" NOT NULL DEFAULT 'RUNNING',
    "step" "SagaStep" NOT NULL DEFAULT 'RESERVE',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "deadline" TIMESTAMPTZ(3) NOT NULL,
    "payment_deadline" TIMESTAMPTZ(3),
    "payment_method" TEXT,
    "last_error" TEXT,
    "history" JSONB NOT NULL DEFAULT '[]',
    "version" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "checkout_sagas_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "shipping_rates_tenant_id_code_key" ON "shipping_rates"("tenant_id", "code");
CREATE UNIQUE INDEX "order_groups_idempotency_key_key" ON "order_groups"("idempotency_key");
CREATE INDEX "order_groups_shopper_user_id_created_at_idx" ON "order_groups"("shopper_user_id", "created_at");
CREATE UNIQUE INDEX "orders_tenant_id_id_key" ON "orders"("tenant_id", "id");
CREATE INDEX "orders_group_id_idx" ON "orders"("group_id");
CREATE INDEX "orders_tenant_id_status_created_at_idx" ON "orders"("tenant_id", "status", "created_at");
CREATE INDEX "order_lines_order_id_idx" ON "order_lines"("order_id");
CREATE UNIQUE INDEX "checkout_sagas_group_id_key" ON "checkout_sagas"("group_id");
CREATE INDEX "checkout_sagas_state_deadline_idx" ON "checkout_sagas"("state", "deadline");

ALTER TABLE "orders" ADD CONSTRAINT "orders_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "order_groups"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_tenant_id_order_id_fkey" FOREIGN KEY ("tenant_id", "order_id") REFERENCES "orders"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "checkout_sagas" ADD CONSTRAINT "checkout_sagas_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "order_groups"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Money is integer minor units of one ISO currency; quantities whole and positive.
ALTER TABLE "shipping_rates"
    ADD CONSTRAINT "shipping_rates_amounts" CHECK ("base_amount" >= 0 AND "per_kg_amount" >= 0),
    ADD CONSTRAINT "shipping_rates_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "tax_rates" ADD CONSTRAINT "tax_rates_bps" CHECK ("rate_bps" BETWEEN 0 AND 10000);
ALTER TABLE "order_groups"
    ADD CONSTRAINT "order_groups_total" CHECK ("total_amount" > 0),
    ADD CONSTRAINT "order_groups_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "orders"
    ADD CONSTRAINT "orders_amounts" CHECK ("subtotal_amount" >= 0 AND "shipping_amount" >= 0 AND "tax_amount" >= 0 AND "total_amount" >= 0 AND "commission_amount" >= 0),
    ADD CONSTRAINT "orders_commission_bps" CHECK ("commission_bps" BETWEEN 0 AND 10000);
ALTER TABLE "order_lines"
    ADD CONSTRAINT "order_lines_quantity" CHECK ("quantity" > 0),
    ADD CONSTRAINT "order_lines_amounts" CHECK ("unit_price_amount" >= 0 AND "line_total_amount" = "unit_price_amount" * "quantity");
ALTER TABLE "checkout_sagas"
    ADD CONSTRAINT "checkout_sagas_terminal_step" CHECK (("state" IN ('CONFIRMED', 'COMPENSATED')) = ("step" = 'DONE'));

-- Seller-owned: each seller sees and changes only their own rates, settings, orders and lines.
DO $$
DECLARE t TEXT;
BEGIN
  FOREACH t IN ARRAY ARRAY['shipping_rates', 'seller_checkout_settings', 'orders', 'order_lines'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING ("tenant_id" = app_current_tenant_id()) WITH CHECK ("tenant_id" = app_current_tenant_id())', t);
    EXECUTE format('CREATE POLICY platform_access ON %I USING (app_is_platform()) WITH CHECK (app_is_platform())', t);
  END LOOP;
END $$;

-- The order group spans sellers and belongs to the shopper, and the saga is platform machinery: neither
-- is any tenant's, so a tenant context sees no row. The shopper reads their own groups through the
-- checkout service in platform context, filtered by their user id (there is no per-user RLS setting).
ALTER TABLE "order_groups" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "order_groups" FORCE ROW LEVEL SECURITY;
CREATE POLICY platform_access ON "order_groups" USING (app_is_platform()) WITH CHECK (app_is_platform());
ALTER TABLE "checkout_sagas" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "checkout_sagas" FORCE ROW LEVEL SECURITY;
CREATE POLICY platform_access ON "checkout_sagas" USING (app_is_platform()) WITH CHECK (app_is_platform());

-- Tax rates are public reference data: everyone reads, only the platform writes.
ALTER TABLE "tax_rates" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "tax_rates" FORCE ROW LEVEL SECURITY;
CREATE POLICY read_all ON "tax_rates" FOR SELECT USING (true);
CREATE POLICY platform_access ON "tax_rates" USING (app_is_platform()) WITH CHECK (app_is_platform());

-- Orders, groups and saga history are evidence: the runtime role (default privileges of migration
-- 20261122000100) may not delete them. A shipping rate may be removed.
REVOKE DELETE, TRUNCATE ON "order_groups", "orders", "order_lines", "checkout_sagas" FROM bazaar_app;
