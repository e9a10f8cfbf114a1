import type { KafkaMessage } from "kafkajs";
import { z } from "zod";
import type { MessageDecoder } from "../consumer";
import { stockLevelCapturedV1 } from "../contracts/inventory-cdc.event";
import { parseEvent, readJsonValue, type ParseResult } from "../contracts/parse";
import { InvalidEventError, formatIssues } from "../errors";
import { debeziumChangeSchema, debeziumOpNames, isSnapshot } from "./debezium.schema";
import { nameUuid, syntheticTraceparent } from "./message-id";

/** The captured columns as Debezium writes them (column names; `available` is generated, never replicated). */
const stockLevelColumns = z.object({
  id: z.uuid(),
  tenant_id: z.uuid(),
  variant_id: z.uuid(),
  location_id: z.uuid(),
  on_hand: z.number().int(),
  reserved: z.number().int(),
  version: z.number().int(),
});

const stockLevelChange = debeziumChangeSchema(stockLevelColumns);

export const STOCK_LEVELS_TABLE = "stock_levels";

function fail(message: string, issues: z.core.$ZodIssue[] = []): ParseResult {
  return { ok: false, error: new InvalidEventError("invalid-payload", message, issues) };
}

/**
 * Maps one Debezium change event of `public.stock_levels` onto an `inventory.stock-level.captured`
 * envelope. Its id is derived from (connector, table, row, LSN), which names one change of one row
 * exactly, so a redelivery gets the same id and the inbox drops it. The result goes through parseEvent,
 * so the contract is checked exactly as for an outbox event.
 */
export function decodeStockLevelChange(value: Buffer | string | null): ParseResult {
  // tombstones.on.delete=false: a null value is never Debezium's, so it is malformed like any other.
  const json = readJsonValue(value);
  if (!json.ok) return json;
  const change = stockLevelChange.safeParse(json.raw);
  if (!change.success) return fail(`not a Debezium stock_levels change: ${formatIssues(change.error.issues)}`, change.error.issues);
  const { op, before, after, source } = change.data;
  if (source.table !== STOCK_LEVELS_TABLE) return fail(`change of table ${source.schema}.${source.table}, expected ${STOCK_LEVELS_TABLE}`);
  const row = op === "d" ? before : after;
  if (!row) return fail(`op ${op} without its ${op === "d" ? "before" : "after"} row (is REPLICA IDENTITY FULL set?)`);

  const lsn = String(source.lsn);
  const id = nameUuid(`${source.name}/${source.schema}.${source.table}/${row.id}/${lsn}`);
  return parseEvent({
    id,
    type: stockLevelCapturedV1.type,
    version: stockLevelCapturedV1.version,
    occurredAt: new Date(source.ts_ms).toISOString(),
    tenantId: row.tenant_id,
    aggregate: { type: stockLevelCapturedV1.aggregateType, id: row.id },
    correlationId: id,
    causationId: null,
    trace: { traceparent: syntheticTraceparent(id) },
    payload: {
      op: debeziumOpNames[op],
      lsn,
      txId: source.txId ?? null,
      snapshot: isSnapshot(source),
      stockLevel: {
        id: row.id,
        tenantId: row.tenant_id,
        variantId: row.variant_id,
        locationId: row.location_id,
        onHand: row.on_hand,
        reserved: row.reserved,
        version: row.version,
      },
    },
  });
}

/** ConsumerOptions.decode for a consumer of `inventory.cdc`. */
export const stockLevelDecoder: MessageDecoder = (message: KafkaMessage) => decodeStockLevelChange(message.value);
