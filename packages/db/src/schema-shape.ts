import { get_dmmf } from "@prisma/prisma-schema-wasm";
import pg from "pg";

// Two descriptions of the same database in one comparable form: one from schema.prisma (through Prisma's
// own schema parser), one from a migrated database's catalog. schema-agreement.int.test.ts asserts they
// are equal. Only what Prisma models is compared: RLS policies, triggers and CHECK constraints live in
// the SQL alone.

export interface ColumnShape {
  type: string;
  nullable: boolean;
  hasDefault: boolean;
}

export interface ForeignKeyShape {
  columns: string[];
  references: string;
  referencedColumns: string[];
  onDelete: string;
  onUpdate: string;
}

export interface TableShape {
  columns: Record<string, ColumnShape>;
  primaryKey: string[];
  uniques: string[][];
  indexes: string[][];
  foreignKeys: ForeignKeyShape[];
}

export interface DatabaseShape {
  enums: Record<string, string[]>;
  tables: Record<string, TableShape>;
}

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object" | "unsupported";
  type: string;
  isRequired: boolean;
  isList: boolean;
  isUpdatedAt: boolean;
  hasDefaultValue: boolean;
  default?: unknown;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}

interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}

interface Dmmf {
  datamodel: {
    models: DmmfModel[];
    enums: { name: string; dbName?: string | null; values: { name: string; dbName?: string | null }[] }[];
    indexes: { model: string; type: "id" | "unique" | "normal" | "fulltext"; fields: { name: string }[] }[];
  };
}

const byJson = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));

/** The datamodel Prisma Client is generated from, as parsed by Prisma's own (Wasm) schema parser. */
export function parseDmmf(schema: string): Dmmf {
  return JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [["schema.prisma", schema]] }))) as Dmmf;
}

function columnType(field: DmmfField): string {
  if (field.isList) throw new Error(`${field.name}: list columns are not mapped yet`);
  if (field.kind === "enum") return `enum ${field.type}`;
  const native = field.nativeType ? `${field.nativeType[0]}(${field.nativeType[1].join(",")})` : null;
  const key = `${field.type}${native ? ` @db.${native}` : ""}`;
  const types: Record<string, string> = {
    String: "text",
    "String @db.Uuid()": "uuid",
    Int: "integer",
    BigInt: "bigint",
    Boolean: "boolean",
    Float: "double precision",
    Json: "jsonb",
    DateTime: "timestamp(3) without time zone",
    "DateTime @db.Timestamptz(3)": "timestamp(3) with time zone",
  };
  const type = types[key];
  if (!type) throw new Error(`${field.name}: add the PostgreSQL type of ${key} to schema-shape.ts`);
  return type;
}

// Prisma fills these in the client; the column itself has no default.
const CLIENT_SIDE_DEFAULTS = new Set(["uuid", "cuid", "nanoid", "ulid"]);

function hasDatabaseDefault(field: DmmfField): boolean {
  if (!field.hasDefaultValue) return false;
  const fn = field.default as { name?: string } | undefined;
  return !(fn && typeof fn === "object" && fn.name && CLIENT_SIDE_DEFAULTS.has(fn.name));
}

// Prisma's defaults when a relation names no referential action.
function referentialAction(explicit: string | undefined, fallback: string): string {
  return (explicit ?? fallback).toUpperCase();
}

export function expectedShape(schema: string): DatabaseShape {
  const { datamodel } = parseDmmf(schema);
  const models = new Map(datamodel.models.map((m) => [m.name, m]));
  const tableOf = (model: DmmfModel) => model.dbName ?? model.name;
  const columnOf = (model: DmmfModel, fieldName: string) => {
    const field = model.fields.find((f) => f.name === fieldName);
    if (!field) throw new Error(`${model.name}.${fieldName} not found`);
    return field.dbName ?? field.name;
  };

  const tables: Record<string, TableShape> = {};
  for (const model of datamodel.models) {
    const columns: Record<string, ColumnShape> = {};
    const foreignKeys: ForeignKeyShape[] = [];
    for (const field of model.fields) {
      if (field.kind === "object") {
        if (!field.relationFromFields?.length) continue;
        const target = models.get(field.type)!;
        foreignKeys.push({
          columns: field.relationFromFields.map((f) => columnOf(model, f)),
          references: tableOf(target),
          referencedColumns: (field.relationToFields ?? []).map((f) => columnOf(target, f)),
          onDelete: referentialAction(field.relationOnDelete, field.isRequired ? "Restrict" : "SetNull"),
          onUpdate: referentialAction(field.relationOnUpdate, "Cascade"),
        });
        continue;
      }
      columns[field.dbName ?? field.name] = {
        type: columnType(field),
        nullable: !field.isRequired,
        hasDefault: hasDatabaseDefault(field),
      };
    }
    const indexes = datamodel.indexes.filter((i) => i.model === model.name);
    const cols = (i: (typeof indexes)[number]) => i.fields.map((f) => columnOf(model, f.name));
    tables[tableOf(model)] = {
      columns,
      primaryKey: indexes.filter((i) => i.type === "id").flatMap(cols),
      uniques: indexes.filter((i) => i.type === "unique").map(cols).sort(byJson),
      indexes: indexes.filter((i) => i.type === "normal").map(cols).sort(byJson),
      foreignKeys: foreignKeys.sort(byJson),
    };
  }
  const enums = Object.fromEntries(
    datamodel.enums.map((e) => [e.dbName ?? e.name, e.values.map((v) => v.dbName ?? v.name)]),
  );
  return { enums, tables };
}

const PG_ACTIONS: Record<string, string> = { a: "NOACTION", r: "RESTRICT", c: "CASCADE", n: "SETNULL", d: "SETDEFAULT" };

/** Reads the shape of a database's public schema (Prisma's history table left out). */
export async function actualShape(url: string): Promise<DatabaseShape> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const enumRows = await client.query<{ name: string; values: string[] }>(`
      SELECT t.typname AS name,
             array(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS values
      FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public' AND t.typtype = 'e'`);
    const columnRows = await client.query<{ table: string; column: string; type: string; typtype: string; typname: string; nullable: boolean; has_default: boolean }>(`
      SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
             t.typtype, t.typname, NOT a.attnotnull AS nullable, a.atthasdef AS has_default
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_type t ON t.oid = a.atttypid
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'
        AND a.attnum > 0 AND NOT a.attisdropped`);
    const indexRows = await client.query<{ table: string; primary: boolean; unique: boolean; columns: string[] }>(`
      SELECT c.relname AS table, i.indisprimary AS primary, i.indisunique AS unique,
             array(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns
      FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relname <> '_prisma_migrations'
        -- Partial indexes (a WHERE clause) are SQL-only backstops Prisma cannot model, like CHECKs.
        AND i.indpred IS NULL`);
    const fkRows = await client.query<{ table: string; references: string; del: string; upd: string; columns: string[]; referenced_columns: string[] }>(`
      SELECT c.relname AS table, f.relname AS references, con.confdeltype AS del, con.confupdtype AS upd,
             array(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
             array(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS referenced_columns
      FROM pg_constraint con
      JOIN pg_class c ON c.oid = con.conrelid
      JOIN pg_class f ON f.oid = con.confrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE con.contype = 'f' AND n.nspname = 'public'`);

    const tables: Record<string, TableShape> = {};
    const table = (name: string) =>
      (tables[name] ??= { columns: {}, primaryKey: [], uniques: [], indexes: [], foreignKeys: [] });
    for (const r of columnRows.rows) {
      table(r.table).columns[r.column] = {
        type: r.typtype === "e" ? `enum ${r.typname}` : r.type,
        nullable: r.nullable,
        hasDefault: r.has_default,
      };
    }
    for (const r of indexRows.rows) {
      const t = table(r.table);
      if (r.primary) t.primaryKey = r.columns;
      else (r.unique ? t.uniques : t.indexes).push(r.columns);
    }
    for (const r of fkRows.rows) {
      table(r.table).foreignKeys.push({
        columns: r.columns,
        references: r.references,
        referencedColumns: r.referenced_columns,
        onDelete: PG_ACTIONS[r.del] ?? r.del,
        onUpdate: PG_ACTIONS[r.upd] ?? r.upd,
      });
    }
    for (const t of Object.values(tables)) {
      t.uniques.sort(byJson);
      t.indexes.sort(byJson);
      t.foreignKeys.sort(byJson);
    }
    return { enums: Object.fromEntries(enumRows.rows.map((r) => [r.name, r.values])), tables };
  } finally {
    await client.end();
  }
}
