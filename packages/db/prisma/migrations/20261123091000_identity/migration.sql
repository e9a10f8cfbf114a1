-- Identity: sessions, rotating refresh tokens, second factors, recovery codes and suspicious-identity
-- flags (schema.prisma, block `--- identity ---`). Owned by packages/api/src/identity.
--
-- Grants: these tables are created by bazaar_owner, so the default privileges of 20261122000100 already
-- give bazaar_app SELECT/INSERT/UPDATE/DELETE; identity_flags takes DELETE back below (a flag is the
-- record of an operator decision and is never removed).
--
-- Row-level security: sessions, refresh tokens and second factors belong to a user, who is global (one
-- login across tenants, like `users`), so tenant policies do not apply; the identity service reaches them
-- only by the authenticated user's id. identity_flags is operator data: FORCEd RLS with the platform
-- policy only, so it answers inside asPlatform() and nowhere else (a tenant's transaction sees nothing).

-- CreateEnum
CREATE TYPE "IdentitySubjectType" AS ENUM ('USER', 'ADDRESS', 'DEVICE');

-- CreateEnum
CREATE TYPE "IdentityFlagStatus" AS ENUM ('OPEN', 'CLEARED', 'LOCKED');

-- CreateTable
CREATE TABLE "user_sessions" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "device_id" TEXT,
    "ip_address" TEXT,
    "user_agent" TEXT,
    "second_factor" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_reason" TEXT,

    CONSTRAINT "user_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refresh_tokens" (
    "id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "family_id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "refresh_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_second_factors" (
    "user_id" UUID NOT NULL,
    "totp_secret" TEXT,
    "totp_enabled_at" TIMESTAMPTZ(3),
    "totp_last_step" INTEGER,
    "email_enabled_at" TIMESTAMPTZ(3),
    "sms_phone" TEXT,
    "sms_enabled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "user_second_factors_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "recovery_codes" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "code_hash" TEXT NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "recovery_codes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "identity_flags" (
    "id" UUID NOT NULL,
    "subject_type" "IdentitySubjectType" NOT NULL,
    "subject_value" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "evidence" JSONB NOT NULL DEFAULT '{}',
    "status" "IdentityFlagStatus" NOT NULL DEFAULT 'OPEN',
    "open_key" TEXT,
    "decided_by" UUID,
    "decided_at" TIMESTAMPTZ(3),
    "decision_note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "identity_flags_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "user_sessions_user_id_created_at_idx" ON "user_sessions"("user_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "refresh_tokens_token_hash_key" ON "refresh_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "refresh_tokens_family_id_idx" ON "refresh_tokens"("family_id");

-- CreateIndex
CREATE INDEX "refresh_tokens_session_id_idx" ON "refresh_tokens"("session_id");

-- CreateIndex
CREATE UNIQUE INDEX "recovery_codes_user_id_code_hash_key" ON "recovery_codes"("user_id", "code_hash");

-- CreateIndex
CREATE UNIQUE INDEX "identity_flags_open_key_key" ON "identity_flags"("open_key");

-- CreateIndex
CREATE INDEX "identity_flags_status_created_at_idx" ON "identity_flags"("status", "created_at");

-- CreateIndex
CREATE INDEX "identity_flags_subject_type_subject_value_idx" ON "identity_flags"("subject_type", "subject_value");

-- AddForeignKey
ALTER TABLE "refresh_tokens" ADD CONSTRAINT "refresh_tokens_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "user_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Flags are operator data: platform context only.
ALTER TABLE "identity_flags" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "identity_flags" FORCE ROW LEVEL SECURITY;
CREATE POLICY platform_access ON "identity_flags"
    USING (app_is_platform())
    WITH CHECK (app_is_platform());

REVOKE DELETE, TRUNCATE ON "identity_flags" FROM bazaar_app;

-- An open flag always names its subject and rule; a decided one always names who decided and when.
ALTER TABLE "identity_flags" ADD CONSTRAINT "identity_flags_open_key_only_when_open"
    CHECK (("status" = 'OPEN') = ("open_key" IS NOT NULL));
ALTER TABLE "identity_flags" ADD CONSTRAINT "identity_flags_decision_recorded"
    CHECK ("status" = 'OPEN' OR ("decided_by" IS NOT NULL AND "decided_at" IS NOT NULL));

-- A token that expires before it exists would be an issuer bug; refuse it rather than store it.
ALTER TABLE "refresh_tokens" ADD CONSTRAINT "refresh_tokens_expiry_after_creation"
    CHECK ("expires_at" > "created_at");
