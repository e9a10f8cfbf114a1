-- Row-level security for the event backbone's tables, which had none (20261122000200 said why then).
-- docs/decisions/0016-rls-beyond-tenant-tables.md records the design.
--
-- outbox_events: every context the application uses writes here (enqueue runs inside tenant, platform
-- and context-less identity transactions), so INSERT stays open, with one narrowing: a tenant context
-- may only announce events of its own tenant (or tenant-less ones). A consumer scopes its handler to the
-- event's tenant_id, so an event forged for tenant B from tenant A's request would run B's effects.
-- Reading, marking and deleting rows is for the relay (app.role = 'relay', which its dedicated session
-- sets at connect, packages/events/src/outbox-store.ts) and platform context (the event explorer, the
-- retention worker). enqueue's INSERT has no RETURNING, so it needs no SELECT right.
--
-- inbox_events: only the consumer runner's claim (app.role = 'consumer', set for that one statement by
-- packages/events/src/inbox.ts claimInbox, whose INSERT ... RETURNING needs SELECT too) and platform
-- context (retention). A handler's own queries, a tenant's request or a context-less query see nothing.
--
-- app.role is a guard against a forgotten context like app.tenant_id, not against arbitrary SQL: any
-- bazaar_app session may set it.

CREATE FUNCTION app_current_role() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT nullif(current_setting('app.role', true), '') $$;

ALTER TABLE "outbox_events" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "outbox_events" FORCE ROW LEVEL SECURITY;
CREATE POLICY enqueue_in_any_context ON "outbox_events" FOR INSERT
    WITH CHECK ("tenant_id" IS NULL OR app_current_tenant_id() IS NULL OR "tenant_id" = app_current_tenant_id());
CREATE POLICY relay_access ON "outbox_events"
    USING (app_current_role() = 'relay' OR app_is_platform())
    WITH CHECK (app_current_role() = 'relay' OR app_is_platform());

ALTER TABLE "inbox_events" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "inbox_events" FORCE ROW LEVEL SECURITY;
CREATE POLICY consumer_access ON "inbox_events"
    USING (app_current_role() = 'consumer' OR app_is_platform())
    WITH CHECK (app_current_role() = 'consumer' OR app_is_platform());
