import { createHash } from "node:crypto";
import { z } from "zod";
import { DomainError } from "../errors";
import { SORTS, type SearchSort } from "./search.schema";

// The page cursor is opaque to clients: base64url JSON of the sort, the last hit's sort values
// (search_after) and a fingerprint of the search it belongs to. A cursor that does not decode, or that
// belongs to another query, filter set or sort, is BAD_REQUEST rather than a silently wrong page.

const payloadSchema = z
  .object({
    s: z.enum(SORTS),
    a: z.array(z.union([z.number().finite(), z.string().max(200), z.null()])).min(2).max(3),
    f: z.string().regex(/^[0-9a-f]{16}$/),
  })
  .strict();

export function searchFingerprint(search: unknown): string {
  return createHash("sha256").update(JSON.stringify(search)).digest("hex").slice(0, 16);
}

export function encodeCursor(sort: SearchSort, after: unknown[], fingerprint: string): string {
  return Buffer.from(JSON.stringify({ s: sort, a: after, f: fingerprint })).toString("base64url");
}

export class InvalidCursorError extends DomainError {
  constructor(reason: string) {
    super("BAD_REQUEST", `invalid cursor: ${reason}`, { field: "cursor" });
    this.name = "InvalidCursorError";
  }
}

export function decodeCursor(cursor: string, sort: SearchSort, fingerprint: string): unknown[] {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursorError("not a cursor");
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursorError("not a cursor");
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) throw new InvalidCursorError("not a cursor");
  if (parsed.data.s !== sort || parsed.data.f !== fingerprint) throw new InvalidCursorError("it belongs to another search");
  return parsed.data.a;
}
