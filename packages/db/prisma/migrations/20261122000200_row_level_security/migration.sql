-- Row-level security for tenant-owned tables: tenants (keyed by id), memberships and audit_entries (keyed
-- by tenant_id). Each is ENABLEd and FORCEd, so even the owner role obeys the policies.
--
-- Context is two transaction-local settings written by src/tenant-context.ts:
--   app.tenant_id  the tenant a request acts for (withTenant): rows of that tenant only;
--   app.platform   'on' for platform procedures and workers (asPlatform): every row.
-- With neither set, a query sees no row and may write none: a forgotten context fails closed.
--
-- users is global (one login across tenants). outbox_events and inbox_events are infrastructure written
-- inside a tenant's transaction and read across tenants by the relay and the consumers; they are never
-- queried on a user's behalf, so policies there would only force every worker into platform context and
-- add a policy check to the relay's hot path. packages/db/README.md records this.
--
-- The settings are a guard against a missing WHERE, not against arbitrary SQL: any bazaar_app session
-- may set them. Code that builds SQL from user input must never reach set_config.

-- current_setting(..., true) is NULL in a session that never set the value, and '' after a transaction
-- that set it locally has ended (pooled connections), hence nullif. A non-UUID value raises an error on
-- every guarded query instead of matching nothing silently.
CREATE FUNCTION app_current_tenant_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;

CREATE FUNCTION app_is_platform() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce(current_setting('app.platform', true), '') = 'on' $$;

-- tenants: a tenant context sees and changes its own row only (and may create it: signup inserts the new
-- tenant's row inside withTenant(newId)).
ALTER TABLE "tenants" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "tenants" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "tenants"
    USING ("id" = app_current_tenant_id())
    WITH CHECK ("id" = app_current_tenant_id());
CREATE POLICY platform_access ON "tenants"
    USING (app_is_platform())
    WITH CHECK (app_is_platform());

ALTER TABLE "memberships" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "memberships" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "memberships"
    USING ("tenant_id" = app_current_tenant_id())
    WITH CHECK ("tenant_id" = app_current_tenant_id());
CREATE POLICY platform_access ON "memberships"
    USING (app_is_platform())
    WITH CHECK (app_is_platform());

-- audit_entries: rows with tenant_id NULL (the platform's own trail) are visible to platform context
-- only. UPDATE/DELETE are covered by the policies too so that the append-only trigger (20261122000300),
-- not a silent "0 rows", is what answers an attempt by the owner role.
ALTER TABLE "audit_entries" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "audit_entries" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "audit_entries"
    USING ("tenant_id" = app_current_tenant_id())
    WITH CHECK ("tenant_id" = app_current_tenant_id());
CREATE POLICY platform_access ON "audit_entries"
    USING (app_is_platform())
    WITH CHECK (app_is_platform());
