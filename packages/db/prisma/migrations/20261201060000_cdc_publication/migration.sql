-- CDC: Debezium (Kafka Connect) streams stock_levels to the `inventory.cdc` topic; see docs/architecture.md
-- ("CDC") and docs/decisions/0010-cdc-kafka-connect-debezium.md.

-- The publication belongs to the schema: it is made here by the table owner (migrations run as
-- bazaar_owner), and the connector runs with publication.autocreate.mode=disabled, so the replication
-- role can neither create one nor widen this one to other tables.
CREATE PUBLICATION bazaar_cdc FOR TABLE "stock_levels";

-- Updates and deletes carry the whole old row in the WAL, not only the primary key: a delete event must
-- still name its variant and location for the availability read model to drop the right entry.
ALTER TABLE "stock_levels" REPLICA IDENTITY FULL;

-- Debezium's initial snapshot is a plain SELECT as bazaar_replicator. Row-level security applies to that
-- role (it is not the owner and has no BYPASSRLS), and with no policy admitting it the snapshot would
-- silently see no rows. This policy admits it for SELECT on this one table only; streaming from the WAL
-- is not subject to RLS either way.
GRANT SELECT ON "stock_levels" TO bazaar_replicator;
CREATE POLICY cdc_snapshot ON "stock_levels" FOR SELECT TO bazaar_replicator USING (true);
