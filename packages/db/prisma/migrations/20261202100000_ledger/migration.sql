-- Marketplace money (issue 8 item 6, docs/decisions/0020): a double-entry ledger (accounts, entries,
-- lines) and seller payouts. Tables as Prisma generates them for the models; the balance trigger, the
-- append-only guards, CHECKs, grants and row-level security below live in SQL only.

CREATE TYPE "LedgerAccountCode" AS ENUM ('SELLER_PAYABLE', 'PAYMENT_CLEARING', 'COMMISSION_REVENUE', 'DISCOUNT_FUNDING_EXPENSE', 'PAYOUTS_IN_TRANSIT');
CREATE TYPE "LedgerEntryKind" AS ENUM ('SALE', 'REFUND', 'CANCELLATION', 'PAYOUT', 'PAYOUT_SETTLED', 'PAYOUT_RETURNED');
CREATE TYPE "PayoutStatus" AS ENUM ('PENDING', 'SENT', 'PAID', 'FAILED');

CREATE TABLE "ledger_accounts" (
    "id" UUID NOT NULL,
    "tenant_id" UUID,
    "code" "LedgerAccountCode" NOT NULL,
    "currency" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ledger_accounts_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ledger_entries" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "kind" "LedgerEntryKind" NOT NULL,
    "source_key" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "order_id" UUID,
    "payout_id" UUID,
    "memo" TEXT NOT NULL,
    "posted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ledger_entries_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ledger_lines" (
    "id" UUID NOT NULL,
    "entry_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "currency" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    CONSTRAINT "ledger_lines_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "payouts" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "currency" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "status" "PayoutStatus" NOT NULL DEFAULT 'PENDING',
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "cutoff" TIMESTAMPTZ(3) NOT NULL,
    "provider" TEXT NOT NULL,
    "destination" TEXT NOT NULL,
    "transfer_id" TEXT,
    "failure_code" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lease_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "payouts_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "seller_payout_accounts" (
    "tenant_id" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "destination" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "seller_payout_accounts_pkey" PRIMARY KEY ("tenant_id", "provider")
);

CREATE UNIQUE INDEX "ledger_accounts_tenant_id_code_currency_key" ON "ledger_accounts"("tenant_id", "code", "currency");
CREATE UNIQUE INDEX "ledger_accounts_id_currency_key" ON "ledger_accounts"("id", "currency");
CREATE UNIQUE INDEX "ledger_entries_source_key_key" ON "ledger_entries"("source_key");
CREATE UNIQUE INDEX "ledger_entries_id_tenant_id_currency_key" ON "ledger_entries"("id", "tenant_id", "currency");
CREATE INDEX "ledger_entries_tenant_id_posted_at_id_idx" ON "ledger_entries"("tenant_id", "posted_at", "id");
CREATE INDEX "ledger_entries_order_id_idx" ON "ledger_entries"("order_id");
CREATE INDEX "ledger_lines_entry_id_idx" ON "ledger_lines"("entry_id");
CREATE INDEX "ledger_lines_account_id_tenant_id_idx" ON "ledger_lines"("account_id", "tenant_id");
CREATE UNIQUE INDEX "payouts_tenant_id_currency_period_start_key" ON "payouts"("tenant_id", "currency", "period_start");
CREATE INDEX "payouts_status_lease_until_idx" ON "payouts"("status", "lease_until");
CREATE INDEX "payouts_tenant_id_created_at_idx" ON "payouts"("tenant_id", "created_at");

ALTER TABLE "ledger_lines" ADD CONSTRAINT "ledger_lines_entry_id_tenant_id_currency_fkey" FOREIGN KEY ("entry_id", "tenant_id", "currency") REFERENCES "ledger_entries"("id", "tenant_id", "currency") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ledger_lines" ADD CONSTRAINT "ledger_lines_account_id_currency_fkey" FOREIGN KEY ("account_id", "currency") REFERENCES "ledger_accounts"("id", "currency") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Prisma cannot model a partial unique index: the platform's accounts (no tenant) are one per code and
-- currency too (a plain UNIQUE treats NULL tenant ids as distinct).
CREATE UNIQUE INDEX "ledger_accounts_platform_code_currency_key" ON "ledger_accounts"("code", "currency") WHERE "tenant_id" IS NULL;

ALTER TABLE "ledger_accounts"
    ADD CONSTRAINT "ledger_accounts_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$'),
    -- A seller account belongs to a seller; every other account is the platform's.
    ADD CONSTRAINT "ledger_accounts_owner" CHECK (("code" = 'SELLER_PAYABLE') = ("tenant_id" IS NOT NULL));
ALTER TABLE "ledger_entries"
    ADD CONSTRAINT "ledger_entries_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$'),
    ADD CONSTRAINT "ledger_entries_source_key_length" CHECK (length("source_key") BETWEEN 1 AND 255);
ALTER TABLE "ledger_lines" ADD CONSTRAINT "ledger_lines_amount_nonzero" CHECK ("amount" <> 0);
ALTER TABLE "payouts"
    ADD CONSTRAINT "payouts_amount_positive" CHECK ("amount" > 0),
    ADD CONSTRAINT "payouts_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$'),
    ADD CONSTRAINT "payouts_provider" CHECK ("provider" IN ('sandbox', 'stripe', 'paystack')),
    ADD CONSTRAINT "payouts_sent_has_transfer" CHECK ("status" NOT IN ('SENT', 'PAID') OR "transfer_id" IS NOT NULL);
ALTER TABLE "seller_payout_accounts"
    ADD CONSTRAINT "seller_payout_accounts_provider" CHECK ("provider" IN ('sandbox', 'stripe', 'paystack')),
    ADD CONSTRAINT "seller_payout_accounts_destination" CHECK (length("destination") BETWEEN 1 AND 255);

-- Double entry: at commit, every entry has at least two lines and its lines sum to zero per currency.
-- Deferred, so a posting inserts its entry and lines in any order within its transaction; an unbalanced
-- one fails the whole transaction (and with it the inbox claim or payout row written beside it).
CREATE FUNCTION ledger_check_entry(entry uuid) RETURNS void
    LANGUAGE plpgsql
    AS $$
DECLARE
    line_count integer;
    off text;
BEGIN
    SELECT count(*) INTO line_count FROM ledger_lines WHERE entry_id = entry;
    IF line_count < 2 THEN
        RAISE EXCEPTION 'ledger entry % has % line(s); a posting needs at least two', entry, line_count
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT string_agg(currency || ' ' || total::text, ', ') INTO off
      FROM (SELECT currency, sum(amount) AS total FROM ledger_lines WHERE entry_id = entry GROUP BY currency) s
     WHERE total <> 0;
    IF off IS NOT NULL THEN
        RAISE EXCEPTION 'ledger entry % does not balance: %', entry, off
            USING ERRCODE = 'check_violation';
    END IF;
END
$$;

CREATE FUNCTION ledger_entries_balanced() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM ledger_check_entry(NEW.id);
    RETURN NULL;
END
$$;

CREATE FUNCTION ledger_lines_balanced() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM ledger_check_entry(NEW.entry_id);
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER ledger_entries_balanced
    AFTER INSERT ON "ledger_entries" DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_entries_balanced();

CREATE CONSTRAINT TRIGGER ledger_lines_balanced
    AFTER INSERT ON "ledger_lines" DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_lines_balanced();

-- The ledger is append-only like stock_movements (20261201000000): a correction is a new entry. No
-- UPDATE/DELETE/TRUNCATE privilege for the runtime role, and triggers that refuse them for every role.
REVOKE UPDATE, DELETE, TRUNCATE ON "ledger_entries", "ledger_lines", "ledger_accounts" FROM bazaar_app;

CREATE FUNCTION ledger_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['ledger_entries', 'ledger_lines'] LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()', t || '_append_only', t);
    EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()', t || '_no_truncate', t);
  END LOOP;
END $$;

-- Payouts are the record of money sent: never deleted by the application.
REVOKE DELETE, TRUNCATE ON "payouts" FROM bazaar_app;

-- Seller-owned rows: a tenant context sees its own, platform context every row (20261123092000_tenancy).
-- The platform's accounts have no tenant, so no tenant context ever sees them.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['ledger_accounts', 'ledger_entries', 'ledger_lines', 'payouts', 'seller_payout_accounts'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING ("tenant_id" = app_current_tenant_id()) WITH CHECK ("tenant_id" = app_current_tenant_id())', t);
    EXECUTE format('CREATE POLICY platform_access ON %I USING (app_is_platform()) WITH CHECK (app_is_platform())', t);
  END LOOP;
END $$;
