-- The application connects as bazaar_app (NOBYPASSRLS, owns nothing). bazaar_owner owns every object and
-- runs migrations. Because bazaar_app owns no table it can neither ALTER one (so it cannot turn row-level
-- security off) nor escape FORCE ROW LEVEL SECURITY. Tables are named one by one so that
-- _prisma_migrations stays out of the runtime role's reach.

GRANT USAGE ON SCHEMA public TO bazaar_app;

GRANT SELECT, INSERT, UPDATE, DELETE
    ON "tenants", "users", "memberships", "outbox_events", "inbox_events", "audit_entries"
    TO bazaar_app;

GRANT USAGE ON SEQUENCE "outbox_events_position_seq", "audit_entries_seq_seq" TO bazaar_app;

-- Tables and sequences that later migrations create (as bazaar_owner) get the same grants by default; a
-- migration that wants less for a table revokes it explicitly, as 20261122000300 does for audit_entries.
ALTER DEFAULT PRIVILEGES FOR ROLE bazaar_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO bazaar_app;

ALTER DEFAULT PRIVILEGES FOR ROLE bazaar_owner IN SCHEMA public
    GRANT USAGE ON SEQUENCES TO bazaar_app;
