-- Notification delivery log (packages/notifications). The table and index DDL is what Prisma generates
-- for the NotificationDelivery model; the row-level security, grants and checks below live in SQL only.

-- CreateEnum
CREATE TYPE "NotificationChannel" AS ENUM ('EMAIL', 'SMS');

-- CreateEnum
CREATE TYPE "NotificationStatus" AS ENUM ('QUEUED', 'SENT', 'FAILED');

-- CreateTable
CREATE TABLE "notification_deliveries" (
    "id" UUID NOT NULL,
    "tenant_id" UUID,
    "channel" "NotificationChannel" NOT NULL,
    "template" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "status" "NotificationStatus" NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "provider_message_id" TEXT,
    "idempotency_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "notification_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "notification_deliveries_idempotency_key_key" ON "notification_deliveries"("idempotency_key");

-- CreateIndex
CREATE INDEX "notification_deliveries_tenant_id_created_at_idx" ON "notification_deliveries"("tenant_id", "created_at");

-- CreateIndex
CREATE INDEX "notification_deliveries_status_created_at_idx" ON "notification_deliveries"("status", "created_at");

-- A SENT row always says when; attempts never go negative; nobody sends to an empty address.
ALTER TABLE "notification_deliveries"
    ADD CONSTRAINT "notification_deliveries_sent_has_time" CHECK ("status" <> 'SENT' OR "sent_at" IS NOT NULL),
    ADD CONSTRAINT "notification_deliveries_attempts_nonnegative" CHECK ("attempts" >= 0),
    ADD CONSTRAINT "notification_deliveries_recipient_present" CHECK (length("recipient") > 0);

-- Row-level security as in 20261122000200 (memberships): a tenant context sees and writes its own rows;
-- platform context (workers, asPlatform) sees every row. Rows with tenant_id NULL (mail about a user's own
-- account: verification, 2FA, password change) match no tenant and answer in platform context only.
ALTER TABLE "notification_deliveries" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "notification_deliveries" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "notification_deliveries"
    USING ("tenant_id" = app_current_tenant_id())
    WITH CHECK ("tenant_id" = app_current_tenant_id());
CREATE POLICY platform_access ON "notification_deliveries"
    USING (app_is_platform())
    WITH CHECK (app_is_platform());

-- Grants: the default privileges of 20261122000100 already give bazaar_app SELECT/INSERT/UPDATE/DELETE on
-- a table bazaar_owner creates; named here so the table's access is readable in one place. The log is the
-- record of what was sent to whom, so the runtime role may not delete from it (retention runs as owner).
GRANT SELECT, INSERT, UPDATE ON "notification_deliveries" TO bazaar_app;
REVOKE DELETE, TRUNCATE ON "notification_deliveries" FROM bazaar_app;
