-- A refund the provider refused stops counting (docs/decisions/0028): the order goes back to the status
-- the refund moved it from, and the ledger reverses the refund's posting.

-- The order's status when the refund was requested; NULL on rows written before this migration.
ALTER TABLE "order_refunds" ADD COLUMN "order_status_before" "OrderStatus";

-- The exact negation of a REFUND posting whose provider refund failed (source key refund:<id>:failed).
ALTER TYPE "LedgerEntryKind" ADD VALUE IF NOT EXISTS 'REFUND_REVERSAL';
