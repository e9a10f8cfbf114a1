import type { AuditReader } from "./audit-log.service";
import { verifyAuditChainWith } from "./audit-log.service";

export interface VerificationReport {
  tenantId: string | null;
  valid: boolean;
  /** Entries that verified (all of them when valid; those before the break otherwise). */
  entries: number;
  headHash: string;
  /** The first entry that does not follow from its predecessor, as it is stored now. */
  firstBroken: {
    seq: string;
    id: string;
    action: string;
    createdAt: string;
    reason: "prev-hash-mismatch" | "hash-mismatch";
  } | null;
}

/** Verifies one chain through `read` and describes its first broken entry, if any. */
export async function verifyChainReport(read: AuditReader, tenantId: string | null): Promise<VerificationReport> {
  const result = await verifyAuditChainWith(read, tenantId);
  if (!result.broken) return { tenantId, valid: true, entries: result.entries, headHash: result.headHash, firstBroken: null };
  const seq = result.broken.seq;
  const entry = await read((tx) =>
    tx.auditEntry.findUniqueOrThrow({ where: { seq }, select: { id: true, action: true, createdAt: true } }),
  );
  return {
    tenantId,
    valid: false,
    entries: result.entries,
    headHash: result.headHash,
    firstBroken: { seq: seq.toString(), id: entry.id, action: entry.action, createdAt: entry.createdAt.toISOString(), reason: result.broken.reason },
  };
}
