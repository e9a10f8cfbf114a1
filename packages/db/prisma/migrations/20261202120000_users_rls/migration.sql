-- Row-level security on users (issue 10 item 7; decision 0016, "users"). Until now any transaction of
-- the runtime role could read or change any account, and the procedures that act on the caller's own
-- account were guarded only by their WHERE clause.
--
-- Three ways to see a row:
--   user_self       the account itself (app.user_id, written by asUser): the signed-in caller's profile,
--                   email verification, password change, the second half of sign-in, registration (the
--                   new account's id is chosen first, so its INSERT is its own row).
--   tenant_members  read only: an account that is a member of the current tenant (app.tenant_id), so a
--                   tenant's staff list, invitations and staff mail see their own people and nobody else.
--                   memberships is itself under tenant RLS, so the subquery sees that tenant's rows only.
--   platform_access operators, workers, and the listed escapes that must find an account before anyone
--                   is known (sign-in and password reset by email...; packages/db/README.md).
-- No context sees and accepts nothing. Foreign keys to users still check (RI checks bypass RLS).

ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "users" FORCE ROW LEVEL SECURITY;

CREATE POLICY user_self ON "users"
    USING ("id" = app_current_user_id())
    WITH CHECK ("id" = app_current_user_id());

CREATE POLICY tenant_members ON "users" FOR SELECT
    USING (EXISTS (SELECT 1 FROM "memberships" m WHERE m."user_id" = "users"."id" AND m."tenant_id" = app_current_tenant_id()));

CREATE POLICY platform_access ON "users"
    USING (app_is_platform())
    WITH CHECK (app_is_platform());
