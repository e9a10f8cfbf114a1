-- Which dead letters an operator (ops console or `pnpm --filter @bazaar/events dlq replay`) has sent back to
-- their topic, and when. A DLQ message is identified by its place in the DLQ; replaying it again adds no
-- row. Platform infrastructure like outbox_events and inbox_events: no tenant_id, no tenant policy.
CREATE TABLE "dlq_replays" (
    "dlq_topic"   TEXT NOT NULL,
    "partition"   INTEGER NOT NULL,
    "offset"      TEXT NOT NULL,
    "event_id"    UUID,
    "replayed_by" TEXT NOT NULL,
    "replayed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dlq_replays_pkey" PRIMARY KEY ("dlq_topic", "partition", "offset")
);
