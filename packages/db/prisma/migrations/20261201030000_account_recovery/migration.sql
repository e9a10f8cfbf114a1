-- Account recovery and staff invitations (schema.prisma, block `--- account recovery ---`). Owned by
-- packages/api/src/identity (password_reset_tokens) and packages/api/src/tenants (staff_invitations).
-- docs/decisions/0006-unverified-accounts-and-recovery.md says why invitations replace direct attachment.
--
-- Tokens are stored as SHA-256 of the token only (like refresh tokens): a database dump holds nothing
-- that opens an account or a tenant.

-- CreateTable
CREATE TABLE "password_reset_tokens" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "password_reset_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_invitations" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "role" "TenantRole" NOT NULL,
    "token_hash" TEXT NOT NULL,
    "invited_by" UUID NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "accepted_at" TIMESTAMPTZ(3),
    "accepted_by" UUID,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by" UUID,
    "open_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staff_invitations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "password_reset_tokens_token_hash_key" ON "password_reset_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "password_reset_tokens_user_id_created_at_idx" ON "password_reset_tokens"("user_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "staff_invitations_token_hash_key" ON "staff_invitations"("token_hash");

-- CreateIndex
CREATE INDEX "staff_invitations_tenant_id_created_at_idx" ON "staff_invitations"("tenant_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "staff_invitations_open_key_key" ON "staff_invitations"("open_key");

ALTER TABLE "password_reset_tokens"
    ADD CONSTRAINT "password_reset_tokens_expiry_after_creation" CHECK ("expires_at" > "created_at");

-- An invitation ends exactly one way, and says who ended it. OWNER is never handed out by invitation
-- (an actor grants only roles strictly below their own, and nobody ranks above OWNER).
ALTER TABLE "staff_invitations"
    ADD CONSTRAINT "staff_invitations_email_lowercase" CHECK ("email" = lower("email")),
    ADD CONSTRAINT "staff_invitations_expiry_after_creation" CHECK ("expires_at" > "created_at"),
    ADD CONSTRAINT "staff_invitations_one_ending" CHECK ("accepted_at" IS NULL OR "revoked_at" IS NULL),
    ADD CONSTRAINT "staff_invitations_accepted_has_user" CHECK (("accepted_at" IS NULL) = ("accepted_by" IS NULL)),
    ADD CONSTRAINT "staff_invitations_revoked_has_actor" CHECK (("revoked_at" IS NULL) = ("revoked_by" IS NULL)),
    ADD CONSTRAINT "staff_invitations_not_owner" CHECK ("role" <> 'OWNER'),
    -- One open invitation per address and tenant (`<tenant_id>:<email>` while open, NULL once ended; like
    -- identity_flags.open_key, a unique column Prisma can model rather than a partial index): inviting
    -- again replaces the open one, so two links for the same seat never circulate.
    ADD CONSTRAINT "staff_invitations_open_key_while_open"
        CHECK ((("accepted_at" IS NULL AND "revoked_at" IS NULL)) = ("open_key" IS NOT NULL));

-- Row-level security as in 20261123092000 (stores): a tenant context sees and writes its own
-- invitations; platform context sees every row (accepting an invitation looks it up by its token before
-- the tenant is known, inside asPlatform).
ALTER TABLE "staff_invitations" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "staff_invitations" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "staff_invitations"
    USING ("tenant_id" = app_current_tenant_id())
    WITH CHECK ("tenant_id" = app_current_tenant_id());
CREATE POLICY platform_access ON "staff_invitations"
    USING (app_is_platform())
    WITH CHECK (app_is_platform());

-- Grants: an invitation is the record of who was offered which role by whom; it is ended, never deleted,
-- by the application. Reset tokens are deleted when superseded by a newer request.
GRANT SELECT, INSERT, UPDATE, DELETE ON "password_reset_tokens" TO bazaar_app;
GRANT SELECT, INSERT, UPDATE ON "staff_invitations" TO bazaar_app;
REVOKE DELETE, TRUNCATE ON "staff_invitations" FROM bazaar_app;
