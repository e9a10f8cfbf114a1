-- Tenancy: stores (limited per plan) and the onboarding saga's requests (schema.prisma, block
-- `--- tenancy ---`). Owned by packages/api/src/tenants. The table and index DDL is what Prisma generates
-- for the models; row-level security, grants and checks below live in SQL only.

-- CreateEnum
CREATE TYPE "OnboardingStatus" AS ENUM ('REQUESTED', 'PROVISIONED', 'LINKED', 'COMPLETED', 'COMPENSATING', 'FAILED');

-- CreateTable
CREATE TABLE "stores" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "theme" JSONB NOT NULL DEFAULT '{}',
    "custom_domain" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "stores_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "onboarding_requests" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "type" "TenantType" NOT NULL,
    "plan" "Plan" NOT NULL,
    "status" "OnboardingStatus" NOT NULL DEFAULT 'REQUESTED',
    "registered_for_onboarding" BOOLEAN NOT NULL DEFAULT false,
    "tenant_id" UUID,
    "store_id" UUID,
    "failure_reason" TEXT,
    "failure_detail" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "provisioned_at" TIMESTAMPTZ(3),
    "linked_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "failed_at" TIMESTAMPTZ(3),

    CONSTRAINT "onboarding_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "stores_slug_key" ON "stores"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "stores_custom_domain_key" ON "stores"("custom_domain");

-- CreateIndex
CREATE INDEX "stores_tenant_id_created_at_idx" ON "stores"("tenant_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "onboarding_requests_tenant_id_key" ON "onboarding_requests"("tenant_id");

-- CreateIndex
CREATE INDEX "onboarding_requests_user_id_created_at_idx" ON "onboarding_requests"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "onboarding_requests_status_created_at_idx" ON "onboarding_requests"("status", "created_at");

-- Slugs are URL path segments and custom domains host names: one spelling each, so the unique indexes
-- really prevent duplicates. A theme is an object of settings, never a bare value.
ALTER TABLE "stores"
    ADD CONSTRAINT "stores_slug_format" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length("slug") BETWEEN 2 AND 63),
    ADD CONSTRAINT "stores_custom_domain_lowercase" CHECK ("custom_domain" = lower("custom_domain")),
    ADD CONSTRAINT "stores_theme_object" CHECK (jsonb_typeof("theme") = 'object');

-- The saga only moves forward with what each step needs: a provisioned request names its tenant and
-- store, a failing or failed one says why.
ALTER TABLE "onboarding_requests"
    ADD CONSTRAINT "onboarding_requests_slug_format" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length("slug") BETWEEN 2 AND 63),
    ADD CONSTRAINT "onboarding_requests_provisioned_has_tenant"
        CHECK ("status" NOT IN ('PROVISIONED', 'LINKED', 'COMPLETED') OR ("tenant_id" IS NOT NULL AND "store_id" IS NOT NULL AND "provisioned_at" IS NOT NULL)),
    ADD CONSTRAINT "onboarding_requests_failure_has_reason"
        CHECK ("status" NOT IN ('COMPENSATING', 'FAILED') OR "failure_reason" IS NOT NULL),
    ADD CONSTRAINT "onboarding_requests_failed_has_time" CHECK ("status" <> 'FAILED' OR "failed_at" IS NOT NULL);

-- Row-level security as in 20261122000200 (memberships): a tenant context sees and writes its own rows;
-- platform context (workers, asPlatform) sees every row. onboarding_requests rows with tenant_id NULL
-- (not provisioned yet, or failed) match no tenant and answer in platform context only.
ALTER TABLE "stores" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "stores" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "stores"
    USING ("tenant_id" = app_current_tenant_id())
    WITH CHECK ("tenant_id" = app_current_tenant_id());
CREATE POLICY platform_access ON "stores"
    USING (app_is_platform())
    WITH CHECK (app_is_platform());

ALTER TABLE "onboarding_requests" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "onboarding_requests" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "onboarding_requests"
    USING ("tenant_id" = app_current_tenant_id())
    WITH CHECK ("tenant_id" = app_current_tenant_id());
CREATE POLICY platform_access ON "onboarding_requests"
    USING (app_is_platform())
    WITH CHECK (app_is_platform());

-- Grants: the default privileges of 20261122000100 already give bazaar_app SELECT/INSERT/UPDATE/DELETE on
-- tables bazaar_owner creates; named here so each table's access reads in one place. An onboarding request
-- is the record of a saga run (what was asked, what happened, why it failed): never deleted by the
-- application.
GRANT SELECT, INSERT, UPDATE, DELETE ON "stores" TO bazaar_app;
GRANT SELECT, INSERT, UPDATE ON "onboarding_requests" TO bazaar_app;
REVOKE DELETE, TRUNCATE ON "onboarding_requests" FROM bazaar_app;
