-- Payments (schema.prisma, block `--- payments ---`). Owned by packages/api/src/payments: one row per
-- payment attempt at a provider, moved only by the state machine in payment-state-machine.ts, and the
-- inbox of provider webhooks keyed by (provider, provider event id). The table and index DDL is what
-- Prisma generates for the models; checks, row-level security and grants live in SQL only.

-- CreateEnum
CREATE TYPE "PaymentStatus" AS ENUM ('AUTHORIZING', 'REQUIRES_ACTION', 'AUTHORIZED', 'CAPTURED', 'PARTIALLY_REFUNDED', 'REFUNDED', 'VOIDED', 'FAILED');

-- CreateTable
CREATE TABLE "payments" (
    "id" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "provider_payment_id" TEXT,
    "order_group_ref" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "status" "PaymentStatus" NOT NULL DEFAULT 'AUTHORIZING',
    "captured_amount" INTEGER NOT NULL DEFAULT 0,
    "refunded_amount" INTEGER NOT NULL DEFAULT 0,
    "next_action_url" TEXT,
    "failure_code" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment_webhook_events" (
    "provider" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payment_id" UUID,
    "provider_payment_id" TEXT,
    "outcome" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payment_webhook_events_pkey" PRIMARY KEY ("provider","event_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "payments_idempotency_key_key" ON "payments"("idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "payments_provider_provider_payment_id_key" ON "payments"("provider", "provider_payment_id");

-- CreateIndex
CREATE INDEX "payments_order_group_ref_idx" ON "payments"("order_group_ref");

-- CreateIndex
CREATE INDEX "payment_webhook_events_payment_id_idx" ON "payment_webhook_events"("payment_id");

-- What the state machine promises: money in positive integer minor units, never more captured than
-- authorized nor more refunded than captured, and a captured amount exactly when money moved.
ALTER TABLE "payments"
    ADD CONSTRAINT "payments_provider_known" CHECK ("provider" IN ('sandbox', 'stripe', 'paystack')),
    ADD CONSTRAINT "payments_amount_positive" CHECK ("amount" > 0),
    ADD CONSTRAINT "payments_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$'),
    ADD CONSTRAINT "payments_captured_bounds" CHECK ("captured_amount" >= 0 AND "captured_amount" <= "amount"),
    ADD CONSTRAINT "payments_refunded_bounds" CHECK ("refunded_amount" >= 0 AND "refunded_amount" <= "captured_amount"),
    ADD CONSTRAINT "payments_captured_iff_money_moved" CHECK (
        ("status" IN ('CAPTURED', 'PARTIALLY_REFUNDED', 'REFUNDED')) = ("captured_amount" > 0)),
    ADD CONSTRAINT "payments_version_nonnegative" CHECK ("version" >= 0);

ALTER TABLE "payment_webhook_events"
    ADD CONSTRAINT "payment_webhook_events_outcome" CHECK ("outcome" IN ('applied', 'ignored', 'unmatched'));

-- Platform infrastructure, not tenant-owned (no tenant_id: one payment may pay several sellers' orders
-- of one order group). Row-level security is on and forced with a platform-only policy: the webhook
-- intake, the payments service and the saga workers run in platform context (asPlatform); a tenant
-- context sees and writes no row at all. Sellers see their money through their orders and the ledger.
ALTER TABLE "payments" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "payments" FORCE ROW LEVEL SECURITY;
CREATE POLICY platform_access ON "payments"
    USING (app_is_platform())
    WITH CHECK (app_is_platform());

ALTER TABLE "payment_webhook_events" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "payment_webhook_events" FORCE ROW LEVEL SECURITY;
CREATE POLICY platform_access ON "payment_webhook_events"
    USING (app_is_platform())
    WITH CHECK (app_is_platform());

-- No DELETE: a payment and a received webhook are evidence. Of an inbox row only what the intake
-- learns after claiming it (the payment it matched, the outcome) may change.
-- (Default privileges grant all four verbs on every new table; take back what the app must not do.)
REVOKE DELETE, TRUNCATE ON "payments" FROM bazaar_app;
REVOKE UPDATE, DELETE, TRUNCATE ON "payment_webhook_events" FROM bazaar_app;
GRANT SELECT, INSERT, UPDATE ON "payments" TO bazaar_app;
GRANT SELECT, INSERT ON "payment_webhook_events" TO bazaar_app;
GRANT UPDATE ("payment_id", "outcome") ON "payment_webhook_events" TO bazaar_app;
