-- Reservation groups (schema.prisma, block `--- inventory ---`). Owned by packages/api/src/inventory.
-- A checkout reserves every line of a seller's order or none: the group is what it holds, releases or
-- commits as one, and what the idempotency key names. Each line stays a stock_reservations row (one
-- variant at one location) so the ledger's reservation_id still points at exactly one held quantity.

-- CreateTable
CREATE TABLE "stock_reservation_groups" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "status" "ReservationStatus" NOT NULL DEFAULT 'ACTIVE',
    "reference" TEXT,
    "idempotency_key" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "released_at" TIMESTAMPTZ(3),
    "consumed_at" TIMESTAMPTZ(3),

    CONSTRAINT "stock_reservation_groups_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "stock_reservations" ADD COLUMN "group_id" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "stock_reservation_groups_tenant_id_id_key" ON "stock_reservation_groups"("tenant_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "stock_reservation_groups_tenant_id_idempotency_key_key" ON "stock_reservation_groups"("tenant_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "stock_reservation_groups_status_expires_at_idx" ON "stock_reservation_groups"("status", "expires_at");

-- CreateIndex
CREATE INDEX "stock_reservations_group_id_idx" ON "stock_reservations"("group_id");

-- AddForeignKey
ALTER TABLE "stock_reservations" ADD CONSTRAINT "stock_reservations_tenant_id_group_id_fkey" FOREIGN KEY ("tenant_id", "group_id") REFERENCES "stock_reservation_groups"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "stock_reservation_groups"
    ADD CONSTRAINT "stock_reservation_groups_key_length" CHECK (length("idempotency_key") BETWEEN 1 AND 200),
    ADD CONSTRAINT "stock_reservation_groups_released_has_time" CHECK ("status" NOT IN ('RELEASED', 'EXPIRED') OR "released_at" IS NOT NULL),
    ADD CONSTRAINT "stock_reservation_groups_consumed_has_time" CHECK ("status" <> 'CONSUMED' OR "consumed_at" IS NOT NULL);

-- Like the lines: the record of what was held, never deleted by the application.
REVOKE DELETE, TRUNCATE ON "stock_reservation_groups" FROM bazaar_app;

ALTER TABLE "stock_reservation_groups" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "stock_reservation_groups" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "stock_reservation_groups"
    USING ("tenant_id" = app_current_tenant_id())
    WITH CHECK ("tenant_id" = app_current_tenant_id());
CREATE POLICY platform_access ON "stock_reservation_groups"
    USING (app_is_platform())
    WITH CHECK (app_is_platform());
