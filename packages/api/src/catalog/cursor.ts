import { DomainError } from "../errors";

// Keyset pagination over (updatedAt desc, id desc) or any (sort key, id) pair. The cursor is opaque to
// clients (base64url JSON) so the sort may change without breaking their contract.

export interface CursorKey {
  /** The sort value of the last row: an ISO timestamp or a string. */
  k: string;
  id: string;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): CursorKey {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (parsed && typeof parsed === "object" && typeof (parsed as CursorKey).k === "string" && typeof (parsed as CursorKey).id === "string") {
      return { k: (parsed as CursorKey).k, id: (parsed as CursorKey).id };
    }
  } catch {
    // fall through to the typed refusal
  }
  throw new DomainError("BAD_REQUEST", "invalid cursor: pass the nextCursor of the previous page", { cursor });
}

export interface Page<T> {
  items: T[];
  /** null on the last page. */
  nextCursor: string | null;
}

/** Rows fetched with take = limit + 1: the extra row only says whether there is a next page. */
export function pageOf<R extends { id: string }, T>(rows: R[], limit: number, key: (row: R) => string, view: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { items: items.map(view), nextCursor: more && last ? encodeCursor({ k: key(last), id: last.id }) : null };
}
