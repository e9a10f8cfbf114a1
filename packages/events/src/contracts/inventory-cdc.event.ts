import { z } from "zod";
import { defineEvent } from "./contract";

// Produced by Debezium from the `stock_levels` change stream, not by our outbox: the CDC decoder
// (../cdc/stock-level-decoder.ts) maps each Debezium change event onto this contract's envelope.

export const capturedStockLevelSchema = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  variantId: z.uuid(),
  locationId: z.uuid(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  version: z.number().int(),
});

export type CapturedStockLevel = z.infer<typeof capturedStockLevelSchema>;

export const stockLevelCapturedV1 = defineEvent({
  type: "inventory.stock-level.captured",
  version: 1,
  topic: "inventory.cdc",
  aggregateType: "stock_level",
  producedBy: "cdc",
  payload: z.object({
    /** Debezium's op: c(reate), u(pdate), d(elete), r(ead, a snapshot row). */
    op: z.enum(["create", "update", "delete", "read"]),
    /**
     * The change's position in the WAL (decimal). Changes of one row arrive in this order on one
     * partition; a read model keeps the last one it applied to ignore anything older.
     */
    lsn: z.string().regex(/^\d+$/),
    /** The PostgreSQL transaction id; null for snapshot rows. */
    txId: z.number().int().nullable(),
    snapshot: z.boolean(),
    /** The row after the change; for a delete, the row as it was (the table has REPLICA IDENTITY FULL). */
    stockLevel: capturedStockLevelSchema,
  }),
});
