import { z } from "zod";
import { bigintCursor } from "../validation/text.schema";

/** A moment as a Date (superjson clients) or an ISO-8601 string (plain JSON callers). */
export const instant = z.union([z.date(), z.iso.datetime({ offset: true }).transform((s) => new Date(s))]);

const orderedRange = <T extends { from?: Date | undefined; to?: Date | undefined }>(v: T) => !v.from || !v.to || v.from < v.to;

export const listAuditSchema = z
  .object({
    from: instant.optional(),
    to: instant.optional(),
    /** `nextCursor` of the previous page. */
    cursor: bigintCursor().optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .refine(orderedRange, { message: "`from` must be before `to`", path: ["to"] });

export const exportAuditSchema = z
  .object({
    from: instant,
    to: instant,
    format: z.enum(["jsonl", "csv"]),
  })
  .refine(orderedRange, { message: "`from` must be before `to`", path: ["to"] });

export type ListAuditInput = z.infer<typeof listAuditSchema>;
export type ExportAuditInput = z.infer<typeof exportAuditSchema>;
