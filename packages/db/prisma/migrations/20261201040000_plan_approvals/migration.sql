-- Plan approvals (schema.prisma, block `--- plan approvals ---`). Owned by packages/api/src/tenants.
-- A plan that is not self-serve (ENTERPRISE) is requested by the tenant's owner and applied only when a
-- platform operator approves it. The table and index DDL is what Prisma generates for the model;
-- row-level security, grants and checks below live in SQL only.

-- CreateEnum
CREATE TYPE "PlanApprovalStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED');

-- CreateTable
CREATE TABLE "plan_approvals" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "plan" "Plan" NOT NULL,
    "status" "PlanApprovalStatus" NOT NULL DEFAULT 'PENDING',
    "requested_by" UUID NOT NULL,
    "note" TEXT,
    "decided_by" UUID,
    "decided_at" TIMESTAMPTZ(3),
    "decision_note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "plan_approvals_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "plan_approvals_status_created_at_idx" ON "plan_approvals"("status", "created_at");

-- CreateIndex
CREATE INDEX "plan_approvals_tenant_id_created_at_idx" ON "plan_approvals"("tenant_id", "created_at");

-- A decided request says who decided and when; a pending one has no decision yet.
ALTER TABLE "plan_approvals"
    ADD CONSTRAINT "plan_approvals_decision_complete"
        CHECK (("status" = 'PENDING') = ("decided_by" IS NULL AND "decided_at" IS NULL));

-- Row-level security as for stores: a tenant context sees and writes its own requests; platform context
-- (operators through asPlatform) sees every tenant's.
ALTER TABLE "plan_approvals" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "plan_approvals" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "plan_approvals"
    USING ("tenant_id" = app_current_tenant_id())
    WITH CHECK ("tenant_id" = app_current_tenant_id());
CREATE POLICY platform_access ON "plan_approvals"
    USING (app_is_platform())
    WITH CHECK (app_is_platform());

-- A request is the record of a decision (who asked, who approved): never deleted by the application.
GRANT SELECT, INSERT, UPDATE ON "plan_approvals" TO bazaar_app;
REVOKE DELETE, TRUNCATE ON "plan_approvals" FROM bazaar_app;
