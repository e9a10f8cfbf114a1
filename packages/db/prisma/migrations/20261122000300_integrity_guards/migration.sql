-- audit_entries is append-only. Two layers: the runtime role has no UPDATE/DELETE/TRUNCATE privilege, and
-- a trigger refuses those operations for every role, the owner included (only a superuser disabling the
-- trigger could get past it, and that leaves its own trace in the server log).
REVOKE UPDATE, DELETE, TRUNCATE ON "audit_entries" FROM bazaar_app;

CREATE FUNCTION audit_entries_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'audit_entries is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_entries_append_only
    BEFORE UPDATE OR DELETE ON "audit_entries"
    FOR EACH ROW EXECUTE FUNCTION audit_entries_refuse_change();

CREATE TRIGGER audit_entries_no_truncate
    BEFORE TRUNCATE ON "audit_entries"
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_refuse_change();

-- One spelling per address: the unique index on email only prevents duplicate accounts if every writer
-- stores the lower-cased form.
ALTER TABLE "users" ADD CONSTRAINT "users_email_lowercase" CHECK ("email" = lower("email"));
