import { z } from "zod";

/**
 * A Debezium change event as the JSON converter writes it with `schemas.enable=false`: the value is the
 * envelope itself (no `schema`/`payload` wrapper). Only the fields our adapters read are checked.
 */
export const debeziumSourceSchema = z.object({
  connector: z.literal("postgresql"),
  /** The connector's `topic.prefix`: one per database, so it scopes message ids. */
  name: z.string().min(1),
  db: z.string().min(1),
  schema: z.string().min(1),
  table: z.string().min(1),
  ts_ms: z.number().int(),
  /** "true", "first", "last", "first_in_data_collection", ... while snapshotting; "false" when streaming. */
  snapshot: z.union([z.string(), z.boolean()]).nullish(),
  txId: z.number().int().nullish(),
  // A 64-bit WAL position; JSON numbers are exact up to 2^53 (8 PiB of WAL), far beyond any real cluster.
  lsn: z.number().int().nonnegative(),
});

export const debeziumOpSchema = z.enum(["c", "u", "d", "r"]);

export function debeziumChangeSchema<R extends z.ZodType>(row: R) {
  return z.object({
    op: debeziumOpSchema,
    before: row.nullable(),
    after: row.nullable(),
    source: debeziumSourceSchema,
  });
}

export type DebeziumOp = z.infer<typeof debeziumOpSchema>;
export type DebeziumSource = z.infer<typeof debeziumSourceSchema>;

export const debeziumOpNames = { c: "create", u: "update", d: "delete", r: "read" } as const satisfies Record<DebeziumOp, string>;

export function isSnapshot(source: DebeziumSource): boolean {
  const s = source.snapshot;
  return s !== undefined && s !== null && s !== false && s !== "false";
}
