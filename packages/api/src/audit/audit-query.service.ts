import { Readable } from "node:stream";
import { asPlatform, withTenant, type AuditEntry, type Db, type Prisma } from "@bazaar/db";
import { stringify } from "csv-stringify/sync";
import { DomainError } from "../errors";
import type { AuditReader } from "./audit-log.service";

/** Which chain(s) a read covers: one tenant's, the platform's own (null), or every chain (operators). */
export type AuditChainFilter = { tenantId: string | null } | { allChains: true };

export interface AuditRange {
  /** Inclusive. */
  from?: Date | undefined;
  /** Exclusive. */
  to?: Date | undefined;
}

/** An entry as the API shows and exports it: seq as a decimal string (it is a bigint), times in ISO-8601. */
export interface AuditEntryView {
  seq: string;
  id: string;
  tenantId: string | null;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  data: Prisma.JsonValue;
  eventId: string | null;
  prevHash: string;
  hash: string;
  createdAt: string;
}

export function toView(e: AuditEntry): AuditEntryView {
  return {
    seq: e.seq.toString(),
    id: e.id,
    tenantId: e.tenantId,
    actorId: e.actorId,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    data: e.data,
    eventId: e.eventId,
    prevHash: e.prevHash,
    hash: e.hash,
    createdAt: e.createdAt.toISOString(),
  };
}

function where(filter: AuditChainFilter, range: AuditRange): Prisma.AuditEntryWhereInput {
  const createdAt = range.from || range.to ? { ...(range.from ? { gte: range.from } : {}), ...(range.to ? { lt: range.to } : {}) } : undefined;
  return { ...("tenantId" in filter ? { tenantId: filter.tenantId } : {}), ...(createdAt ? { createdAt } : {}) };
}

export interface ListAuditInput extends AuditRange {
  /** The `nextCursor` of the previous page. */
  cursor?: string | undefined;
  limit: number;
}

/** Newest first, `limit` per page; `nextCursor` is null on the last page. */
export async function listAuditEntries(read: AuditReader, filter: AuditChainFilter, input: ListAuditInput) {
  const before = input.cursor === undefined ? undefined : BigInt(input.cursor);
  const rows = await read((tx) =>
    tx.auditEntry.findMany({
      where: { ...where(filter, input), ...(before === undefined ? {} : { seq: { lt: before } }) },
      orderBy: { seq: "desc" },
      take: input.limit + 1,
    }),
  );
  const page = rows.slice(0, input.limit);
  return { entries: page.map(toView), nextCursor: rows.length > input.limit ? page[page.length - 1]!.seq.toString() : null };
}

export type AuditExportFormat = "jsonl" | "csv";

export const AUDIT_CSV_COLUMNS = [
  "seq",
  "id",
  "tenantId",
  "actorId",
  "action",
  "entityType",
  "entityId",
  "eventId",
  "createdAt",
  "prevHash",
  "hash",
  "data",
] as const satisfies readonly (keyof AuditEntryView)[];

function csvRows(entries: AuditEntryView[], header: boolean): string {
  // The csv library quotes and escapes every field that needs it (commas, quotes, newlines in payloads).
  return stringify(
    entries.map((e) => ({ ...e, data: JSON.stringify(e.data) })),
    { header, columns: [...AUDIT_CSV_COLUMNS] },
  );
}

function formatPage(views: AuditEntryView[], format: AuditExportFormat, first: boolean): string {
  if (format === "csv") return csvRows(views, first);
  return views.map((v) => `${JSON.stringify(v)}\n`).join("");
}

export interface AuditExportOptions {
  tenantId: string;
  from: Date;
  to: Date;
  format: AuditExportFormat;
  /** Entries read per transaction. Default 500. */
  pageSize?: number;
}

/** One tenant's entries in [from, to), in chain order, a page per read. */
async function* auditExportPages(read: AuditReader, options: AuditExportOptions): AsyncGenerator<AuditEntryView[]> {
  const pageSize = options.pageSize ?? 500;
  let after: bigint | undefined;
  for (;;) {
    const page = await read((tx) =>
      tx.auditEntry.findMany({
        where: { ...where({ tenantId: options.tenantId }, options), ...(after === undefined ? {} : { seq: { gt: after } }) },
        orderBy: { seq: "asc" },
        take: pageSize,
      }),
    );
    if (page.length > 0) yield page.map(toView);
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.seq;
  }
}

/**
 * The export as text chunks, one per page read: JSONL (one entry per line) or CSV (header first, also
 * for an empty range). `read` decides the context: the tenant's own (a tenant procedure's transaction)
 * or platform.
 */
export async function* auditExportChunks(read: AuditReader, options: AuditExportOptions): AsyncGenerator<string> {
  let first = true;
  for await (const views of auditExportPages(read, options)) {
    yield formatPage(views, options.format, first);
    first = false;
  }
  if (first && options.format === "csv") yield csvRows([], true);
}

/**
 * The export as a Node stream for large ranges (an HTTP download, a file): each page is read in its own
 * transaction, in the tenant's context or, with `platform`, in platform context.
 */
export function auditExportStream(db: Db, options: AuditExportOptions & { platform?: boolean }): Readable {
  const read: AuditReader = options.platform ? (fn) => asPlatform(db, fn) : (fn) => withTenant(db, options.tenantId, fn);
  return Readable.from(auditExportChunks(read, options), { objectMode: false });
}

/** The most entries one procedure call returns inline; larger ranges go through `auditExportStream`. */
export const MAX_INLINE_EXPORT_ENTRIES = 50_000;

/** The whole export as one string (what the procedures return), refused beyond MAX_INLINE_EXPORT_ENTRIES. */
export async function exportAuditLog(read: AuditReader, options: AuditExportOptions) {
  if (options.to <= options.from) throw new DomainError("BAD_REQUEST", "`to` must be after `from`");
  const count = await read((tx) => tx.auditEntry.count({ where: where({ tenantId: options.tenantId }, options) }));
  if (count > MAX_INLINE_EXPORT_ENTRIES) {
    throw new DomainError("PRECONDITION_FAILED", `${count} entries in range; export at most ${MAX_INLINE_EXPORT_ENTRIES} at a time`, {
      entries: count,
      max: MAX_INLINE_EXPORT_ENTRIES,
    });
  }
  let content = "";
  let entries = 0;
  for await (const views of auditExportPages(read, options)) {
    content += formatPage(views, options.format, entries === 0);
    entries += views.length;
  }
  if (entries === 0 && options.format === "csv") content = csvRows([], true);
  const stamp = (d: Date) => d.toISOString().replace(/[:.]/g, "-");
  return {
    tenantId: options.tenantId,
    format: options.format,
    contentType: options.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
    filename: `audit-${options.tenantId}-${stamp(options.from)}-${stamp(options.to)}.${options.format}`,
    entries,
    content,
  };
}
