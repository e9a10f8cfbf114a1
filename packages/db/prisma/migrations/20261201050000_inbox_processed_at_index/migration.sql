-- The retention worker deletes inbox rows by age (oldest first, in batches); without this index every
-- batch would scan the whole inbox.
CREATE INDEX "inbox_events_processed_at_idx" ON "inbox_events"("processed_at");
