-- Custom domains of stores (schema.prisma, block `--- store domains ---`). Owned by packages/api/src/stores.
-- The table and index DDL is what Prisma generates for the model; row-level security, CHECKs, grants and
-- the cross-tenant lookup function below live in SQL only.

-- CreateEnum
CREATE TYPE "StoreDomainStatus" AS ENUM ('PENDING', 'VERIFIED');

-- CreateTable
CREATE TABLE "store_domains" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "store_id" UUID NOT NULL,
    "hostname" TEXT NOT NULL,
    "verified_hostname" TEXT,
    "status" "StoreDomainStatus" NOT NULL DEFAULT 'PENDING',
    "token" TEXT NOT NULL,
    "verified_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "store_domains_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "store_domains_verified_hostname_key" ON "store_domains"("verified_hostname");

-- CreateIndex
CREATE UNIQUE INDEX "store_domains_tenant_id_hostname_key" ON "store_domains"("tenant_id", "hostname");

-- CreateIndex
CREATE INDEX "store_domains_tenant_id_store_id_created_at_idx" ON "store_domains"("tenant_id", "store_id", "created_at");

-- AddForeignKey
ALTER TABLE "store_domains" ADD CONSTRAINT "store_domains_tenant_id_store_id_fkey" FOREIGN KEY ("tenant_id", "store_id") REFERENCES "stores"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One spelling per host name (what the API normalises to: lower-case ASCII, punycode for IDNs), so the
-- unique indexes really prevent duplicates. verified_hostname is the host name exactly while VERIFIED:
-- its unique index is the platform-wide rule, and a pending claim never occupies it.
ALTER TABLE "store_domains"
    ADD CONSTRAINT "store_domains_hostname_format"
        CHECK ("hostname" ~ '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$' AND length("hostname") <= 253),
    ADD CONSTRAINT "store_domains_verified_matches"
        CHECK (("status" = 'VERIFIED') = ("verified_hostname" IS NOT NULL)
               AND ("verified_hostname" IS NULL OR "verified_hostname" = "hostname")
               AND ("status" <> 'VERIFIED' OR "verified_at" IS NOT NULL)),
    ADD CONSTRAINT "store_domains_token_format" CHECK ("token" ~ '^[A-Za-z0-9_-]{16,128}$');

-- Row-level security as in 20261123092000_tenancy.
ALTER TABLE "store_domains" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "store_domains" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "store_domains"
    USING ("tenant_id" = app_current_tenant_id())
    WITH CHECK ("tenant_id" = app_current_tenant_id());
CREATE POLICY platform_access ON "store_domains"
    USING (app_is_platform())
    WITH CHECK (app_is_platform());

GRANT SELECT, INSERT, UPDATE, DELETE ON "store_domains" TO bazaar_app;

-- A tenant claiming a host name must learn that another tenant already verified it (CONFLICT) without
-- seeing that tenant's row. The function answers only that yes/no, for the host name asked about, with
-- platform visibility for the one query: it restores app.platform before returning (a failing query
-- aborts the transaction, so nothing runs with the raised setting after an error either). A SET clause on
-- the function would be neater, but PostgreSQL refuses it for an unregistered setting unless superuser.
CREATE FUNCTION store_domain_verified_elsewhere(host text) RETURNS boolean
    LANGUAGE plpgsql VOLATILE
    AS $$
DECLARE
    previous text := coalesce(current_setting('app.platform', true), '');
    tenant uuid := app_current_tenant_id();
    taken boolean;
BEGIN
    PERFORM set_config('app.platform', 'on', true);
    SELECT EXISTS (
        SELECT 1 FROM "store_domains" WHERE "verified_hostname" = host AND "tenant_id" IS DISTINCT FROM tenant
    ) INTO taken;
    PERFORM set_config('app.platform', previous, true);
    RETURN taken;
END
$$;
