-- Seller refunds after checkout (schema.prisma, block `--- order refunds ---`). Owned by
-- packages/api/src/checkout/refunds.*: one row per refund a seller asked for, written with the order's
-- status change and the `orders.order.refunded` event in one transaction; the provider refund is
-- executed afterwards by a worker, exactly once, with the row's id as its key (docs/decisions/0021).

CREATE TYPE "RefundState" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED');

CREATE TABLE "order_refunds" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "group_id" UUID NOT NULL,
    "payment_id" UUID NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "lines" JSONB NOT NULL DEFAULT '[]',
    "restock" BOOLEAN NOT NULL DEFAULT false,
    "state" "RefundState" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "last_error" TEXT,
    "actor_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "order_refunds_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "order_refunds_tenant_id_idempotency_key_key" ON "order_refunds"("tenant_id", "idempotency_key");
CREATE INDEX "order_refunds_order_id_idx" ON "order_refunds"("order_id");
CREATE INDEX "order_refunds_state_next_attempt_at_idx" ON "order_refunds"("state", "next_attempt_at");

ALTER TABLE "order_refunds" ADD CONSTRAINT "order_refunds_tenant_id_order_id_fkey" FOREIGN KEY ("tenant_id", "order_id") REFERENCES "orders"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "order_refunds"
    ADD CONSTRAINT "order_refunds_amount" CHECK ("amount" > 0),
    ADD CONSTRAINT "order_refunds_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$'),
    ADD CONSTRAINT "order_refunds_attempts" CHECK ("attempts" >= 0);

-- Seller-owned like the order it refunds; the refund worker runs in platform context.
ALTER TABLE "order_refunds" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "order_refunds" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "order_refunds" USING ("tenant_id" = app_current_tenant_id()) WITH CHECK ("tenant_id" = app_current_tenant_id());
CREATE POLICY platform_access ON "order_refunds" USING (app_is_platform()) WITH CHECK (app_is_platform());

-- Money records are never deleted.
REVOKE DELETE, TRUNCATE ON "order_refunds" FROM bazaar_app;
