import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

/** prev_hash of the first entry of a chain. */
export const GENESIS_HASH = "0".repeat(64);

/** Everything an entry's hash commits to (all columns except `seq`, `prev_hash` and `hash`). */
export interface AuditEntryFields {
  id: string;
  tenantId: string | null;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  data: unknown;
  eventId: string | null;
  /** Millisecond precision, the column's (timestamptz(3)), so the stored value rehashes identically. */
  createdAt: Date;
}

/**
 * sha256(prevHash + canonical JSON of the entry), hex. RFC 8785 canonical JSON (sorted keys, fixed number
 * and string forms) makes the hash reproducible by any verifier, in any language, from the row alone.
 */
export function hashEntry(prevHash: string, entry: AuditEntryFields): string {
  const canonical = canonicalize({
    id: entry.id,
    tenantId: entry.tenantId,
    actorId: entry.actorId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    data: entry.data ?? {},
    eventId: entry.eventId,
    createdAt: entry.createdAt.toISOString(),
  });
  if (canonical === undefined) throw new Error("audit entry is not serialisable");
  return createHash("sha256").update(prevHash + canonical, "utf8").digest("hex");
}

export interface ChainBreak {
  seq: bigint;
  reason: "prev-hash-mismatch" | "hash-mismatch";
}

/** Walks entries of one chain in `seq` order and reports the first that does not follow from the one before. */
export function findChainBreak(
  entries: Iterable<AuditEntryFields & { seq: bigint; prevHash: string; hash: string }>,
  startHash: string = GENESIS_HASH,
): ChainBreak | null {
  let expectedPrev = startHash;
  for (const e of entries) {
    if (e.prevHash !== expectedPrev) return { seq: e.seq, reason: "prev-hash-mismatch" };
    if (hashEntry(e.prevHash, e) !== e.hash) return { seq: e.seq, reason: "hash-mismatch" };
    expectedPrev = e.hash;
  }
  return null;
}
