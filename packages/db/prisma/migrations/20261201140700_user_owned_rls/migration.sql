-- Row-level security for the rows that belong to one user: sessions, refresh tokens, second factors,
-- recovery codes and password-reset tokens, which had none (20261123091000 said the identity service
-- reached them only by the authenticated user's id, i.e. by a WHERE clause).
-- docs/decisions/0016-rls-beyond-tenant-tables.md records the design.
--
-- A fourth transaction-local setting, app.user_id, is written by asUser() in src/tenant-context.ts for
-- the procedures that act on the caller's own rows (list and revoke sessions, second-factor management,
-- recovery codes, change password, the second half of sign-in once the account is known). Such a
-- transaction sees and writes that user's rows only, whatever its queries' filters say. The paths that
-- must find a row before they know whose it is (a refresh token or a reset token looked up by its hash,
-- the session resolver's check that a session belongs to the token's subject, operators locking accounts,
-- workers) run in platform context; packages/db/README.md lists each.
-- With neither setting, these tables show nothing and accept nothing.
--
-- users stays without RLS for now: sign-in, registration, invitations and tenant staff lists reach it
-- before or beside any user context (decision 0016, "Not yet").

CREATE FUNCTION app_current_user_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;

-- The same two policies on each table (names as on tenant tables: one per context kind).
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['user_sessions', 'refresh_tokens', 'user_second_factors', 'recovery_codes', 'password_reset_tokens'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY user_isolation ON %I USING (user_id = app_current_user_id()) WITH CHECK (user_id = app_current_user_id())', t);
        EXECUTE format('CREATE POLICY platform_access ON %I USING (app_is_platform()) WITH CHECK (app_is_platform())', t);
    END LOOP;
END
$$;
