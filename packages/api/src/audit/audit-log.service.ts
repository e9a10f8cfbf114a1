import { randomUUID } from "node:crypto";
import { asPlatform, type Db, type Prisma, type Tx } from "@bazaar/db";
import { findChainBreak, GENESIS_HASH, hashEntry, type ChainBreak } from "./audit-chain";

// The audit domain's writes and its chain check. The audit-log consumer (apps/workers) appends; the API's
// audit and ops procedures verify and read. Both use this one implementation of the chain.

export interface AuditInput {
  tenantId: string | null;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  data: Prisma.InputJsonObject;
  /** The domain event recorded; an event already recorded is not appended twice. */
  eventId: string | null;
}

// Advisory-lock class for audit appends; the object id is the chain (one per tenant, one for the platform),
// so appends to different tenants' chains do not wait on each other.
const AUDIT_LOCK_CLASS = 0x61756474; // "audt"

/**
 * Appends one entry to its tenant's hash chain (tenant-less entries form the platform chain). `tx` must see
 * that chain: the entry's tenant context, or platform context. The advisory lock taken here serialises
 * appends to one chain until `tx` commits, so two writers never link to the same predecessor; the unique
 * (tenant_id, prev_hash) index is the backstop if one ever tried.
 */
export async function appendAuditEntry(tx: Tx, input: AuditInput) {
  const chain = input.tenantId ?? "platform";
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_CLASS}::int, hashtext(${chain}))`;

  if (input.eventId) {
    const existing = await tx.auditEntry.findUnique({ where: { eventId: input.eventId } });
    if (existing) return existing;
  }

  const last = await tx.auditEntry.findFirst({
    where: { tenantId: input.tenantId },
    orderBy: { seq: "desc" },
    select: { hash: true },
  });
  const prevHash = last?.hash ?? GENESIS_HASH;
  const fields = {
    id: randomUUID(),
    tenantId: input.tenantId,
    actorId: input.actorId,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    data: input.data,
    eventId: input.eventId,
    createdAt: new Date(),
  };
  return tx.auditEntry.create({ data: { ...fields, prevHash, hash: hashEntry(prevHash, fields) } });
}

/** Runs one read in a transaction that can see the chain (a tenant's context, or platform context). */
export type AuditReader = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;

export interface ChainVerification {
  tenantId: string | null;
  entries: number;
  headHash: string;
  broken: ChainBreak | null;
}

/**
 * Recomputes one chain from its first entry through `read`; reads in pages so a long chain does not load
 * at once. `entries` counts the entries that verified (those before the break, if any).
 */
export async function verifyAuditChainWith(read: AuditReader, tenantId: string | null, pageSize = 1_000): Promise<ChainVerification> {
  let entries = 0;
  let prev = GENESIS_HASH;
  let after: bigint | undefined;
  for (;;) {
    const page = await read((tx) =>
      tx.auditEntry.findMany({
        where: { tenantId, ...(after === undefined ? {} : { seq: { gt: after } }) },
        orderBy: { seq: "asc" },
        take: pageSize,
      }),
    );
    if (page.length === 0) break;
    const broken = findChainBreak(page, prev);
    if (broken) return { tenantId, entries: entries + page.findIndex((e) => e.seq === broken.seq), headHash: prev, broken };
    entries += page.length;
    prev = page[page.length - 1]!.hash;
    after = page[page.length - 1]!.seq;
  }
  return { tenantId, entries, headHash: prev, broken: null };
}

/** `verifyAuditChainWith` in platform context, one transaction per page. */
export function verifyAuditChain(db: Db, tenantId: string | null, pageSize = 1_000): Promise<ChainVerification> {
  return verifyAuditChainWith((fn) => asPlatform(db, fn), tenantId, pageSize);
}
