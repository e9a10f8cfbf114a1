-- The platform's audit chain (tenant_id NULL) gets the no-fork backstop tenant chains have had since
-- 20261122000000: UNIQUE (tenant_id, prev_hash) never fires for NULL tenants (NULLs are distinct), so two
-- writers could both append after one predecessor. docs/decisions/0004-audit-chains.md.
--
-- Commit 73d961e documented this index (schema.prisma, decision 0004) and added its test without the
-- migration itself; this is that migration, under a timestamp after every applied one.
CREATE UNIQUE INDEX "audit_entries_platform_prev_hash_key" ON "audit_entries"("prev_hash") WHERE "tenant_id" IS NULL;
