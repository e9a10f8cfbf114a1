import { randomBytes } from "node:crypto";
import { asPlatform, type Db, type Prisma, type Tx } from "@bazaar/db";
import { enqueue } from "@bazaar/events";
import { ConflictError, DomainError, isUniqueViolation, NotFoundError } from "../errors";
import { lockActiveTenant } from "../tenants/tenant-guard";
import { lookupTxt, type TxtLookup } from "./dns-verifier";
import type { ClaimDomainInput, ResolveHostInput } from "./domains.schema";
import { hostWithoutPort, isUnder, normalizeHostname, verificationRecord } from "./hostname";
import type { Theme } from "./stores.schema";

// Custom domains: a claim, a DNS TXT proof, and the platform-wide rule that one verified host name
// routes to one store. Functions take the tenant's row-level-secured transaction; the only cross-tenant
// facts a tenant learns come from the database itself (the unique index on verified_hostname, and
// store_domain_verified_elsewhere() for a friendlier refusal before any lookup).

const domainFields = { id: true, storeId: true, hostname: true, status: true, token: true, verifiedAt: true, createdAt: true } as const;
type DomainRow = Prisma.StoreDomainGetPayload<{ select: typeof domainFields }>;

export interface DomainView {
  id: string;
  storeId: string;
  hostname: string;
  status: "PENDING" | "VERIFIED";
  verifiedAt: Date | null;
  createdAt: Date;
  /** The record the seller creates at their DNS provider. */
  dnsRecord: ReturnType<typeof verificationRecord>;
}

const view = ({ token, ...d }: DomainRow): DomainView => ({ ...d, dnsRecord: verificationRecord(d.hostname, token) });

/** 24 random bytes, base64url: unguessable per claim, so one tenant's record never proves another's. */
const newToken = () => randomBytes(24).toString("base64url");

const takenElsewhere = (hostname: string) =>
  new ConflictError("this host name is already verified by another store", { hostname });

async function verifiedElsewhere(tx: Tx, hostname: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ taken: boolean }[]>`SELECT store_domain_verified_elsewhere(${hostname}) AS taken`;
  return rows[0]?.taken === true;
}

async function findDomain(tx: Tx, tenantId: string, domainId: string): Promise<DomainRow> {
  const domain = await tx.storeDomain.findFirst({ where: { id: domainId, tenantId }, select: domainFields });
  if (!domain) throw new NotFoundError("domain", { domainId });
  return domain;
}

export async function listDomains(tx: Tx, tenantId: string, storeId?: string): Promise<DomainView[]> {
  const rows = await tx.storeDomain.findMany({
    where: { tenantId, ...(storeId ? { storeId } : {}) },
    orderBy: { createdAt: "asc" },
    select: domainFields,
  });
  return rows.map(view);
}

/**
 * Records the tenant's claim on a host name and answers the TXT record that proves it. Claiming a name
 * the store already claimed answers that claim again; a name another tenant verified is CONFLICT.
 */
export async function claimDomain(
  tx: Tx,
  tenantId: string,
  actorId: string,
  input: ClaimDomainInput,
  platformHosts: readonly string[],
): Promise<DomainView> {
  const { hostname, storeId } = input;
  const platformHost = platformHosts.find((p) => isUnder(hostname, p));
  if (platformHost) throw new DomainError("BAD_REQUEST", "this host name belongs to the platform", { hostname, platformHost });
  await lockActiveTenant(tx, tenantId);
  const store = await tx.store.findFirst({ where: { id: storeId, tenantId }, select: { id: true } });
  if (!store) throw new NotFoundError("store", { storeId });

  const existing = await tx.storeDomain.findUnique({ where: { tenantId_hostname: { tenantId, hostname } }, select: domainFields });
  if (existing) {
    if (existing.storeId !== storeId) throw new ConflictError("another of your stores has claimed this host name", { hostname, storeId: existing.storeId });
    return view(existing);
  }
  if (await verifiedElsewhere(tx, hostname)) throw takenElsewhere(hostname);

  const domain = await tx.storeDomain.create({ data: { tenantId, storeId, hostname, token: newToken() }, select: domainFields });
  const record = verificationRecord(hostname, domain.token);
  await enqueue(tx, {
    type: "stores.domain.claimed",
    version: 1,
    tenantId,
    aggregateId: storeId,
    payload: { storeId, tenantId, domainId: domain.id, hostname, actorId, txtRecordName: record.name },
  });
  return view(domain);
}

/** Why a verification failed; the claim stays PENDING and nothing is written. */
function verificationFailure(domain: DomainRow, lookup: Exclude<TxtLookup, { outcome: "found" }> | { outcome: "mismatch"; records: string[] }) {
  const record = verificationRecord(domain.hostname, domain.token);
  const details = { domainId: domain.id, hostname: domain.hostname, expected: record };
  switch (lookup.outcome) {
    case "missing":
      return new DomainError("PRECONDITION_FAILED", `no TXT record at ${record.name}`, { ...details, reason: "record-missing" });
    case "mismatch":
      return new DomainError("PRECONDITION_FAILED", `the TXT record at ${record.name} does not hold the expected value`, {
        ...details,
        reason: "record-mismatch",
        found: lookup.records.slice(0, 10).map((r) => r.slice(0, 255)),
      });
    case "unavailable":
      return new DomainError("PRECONDITION_FAILED", `the DNS lookup of ${record.name} failed; try again`, {
        ...details,
        reason: "lookup-failed",
        dnsCode: lookup.code,
      });
  }
}

/**
 * Looks the claim's TXT record up through real DNS and, when it holds the token, marks the claim
 * VERIFIED. Several tenants may race to verify one host name: the unique index on verified_hostname lets
 * exactly one commit, the others get CONFLICT. The store's primary domain is set if it had none.
 */
export async function verifyDomain(tx: Tx, tenantId: string, actorId: string, domainId: string, lookup = lookupTxt): Promise<DomainView> {
  await lockActiveTenant(tx, tenantId);
  const domain = await findDomain(tx, tenantId, domainId);
  if (domain.status === "VERIFIED") return view(domain);
  if (await verifiedElsewhere(tx, domain.hostname)) throw takenElsewhere(domain.hostname);

  const record = verificationRecord(domain.hostname, domain.token);
  const found = await lookup(record.name);
  if (found.outcome !== "found") throw verificationFailure(domain, found);
  if (!found.records.includes(record.value)) throw verificationFailure(domain, { outcome: "mismatch", records: found.records });

  const now = new Date();
  try {
    const updated = await tx.storeDomain.updateMany({
      where: { id: domain.id, tenantId, status: "PENDING" },
      data: { status: "VERIFIED", verifiedHostname: domain.hostname, verifiedAt: now },
    });
    // Zero rows: a concurrent request of this tenant verified it first (it held the row lock).
    if (updated.count === 0) return view(await findDomain(tx, tenantId, domainId));
    const primary = await tx.store.updateMany({
      where: { id: domain.storeId, tenantId, customDomain: null },
      data: { customDomain: domain.hostname },
    });
    await enqueue(tx, {
      type: "stores.domain.verified",
      version: 1,
      tenantId,
      aggregateId: domain.storeId,
      payload: { storeId: domain.storeId, tenantId, domainId: domain.id, hostname: domain.hostname, actorId, primary: primary.count === 1 },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw takenElsewhere(domain.hostname);
    throw error;
  }
  return view({ ...domain, status: "VERIFIED", verifiedAt: now });
}

/** Withdraws a claim. A removed primary domain hands over to the store's oldest other verified one. */
export async function removeDomain(tx: Tx, tenantId: string, actorId: string, domainId: string): Promise<{ removed: true }> {
  await lockActiveTenant(tx, tenantId);
  const domain = await findDomain(tx, tenantId, domainId);
  await tx.storeDomain.delete({ where: { id: domain.id } });
  const store = await tx.store.findFirst({ where: { id: domain.storeId, tenantId }, select: { customDomain: true } });
  if (store?.customDomain === domain.hostname) {
    const next = await tx.storeDomain.findFirst({
      where: { tenantId, storeId: domain.storeId, status: "VERIFIED" },
      orderBy: { verifiedAt: "asc" },
      select: { hostname: true },
    });
    await tx.store.update({ where: { id: domain.storeId }, data: { customDomain: next?.hostname ?? null } });
  }
  await enqueue(tx, {
    type: "stores.domain.removed",
    version: 1,
    tenantId,
    aggregateId: domain.storeId,
    payload: { storeId: domain.storeId, tenantId, domainId: domain.id, hostname: domain.hostname, actorId, wasVerified: domain.status === "VERIFIED" },
  });
  return { removed: true };
}

export interface StorefrontView {
  storeId: string;
  tenantId: string;
  tenantSlug: string;
  name: string;
  slug: string;
  theme: Theme;
  primaryDomain: string | null;
  matchedBy: "domain" | "slug";
}

/**
 * The store a storefront request is for: by a VERIFIED custom domain (Host header), or by store slug on
 * the platform's own hosts. Only active tenants' stores answer; null when nothing matches.
 */
export async function resolveStorefront(db: Db, input: ResolveHostInput, platformHosts: readonly string[]): Promise<StorefrontView | null> {
  return asPlatform(db, async (tx) => {
    let where: Prisma.StoreWhereInput;
    let matchedBy: StorefrontView["matchedBy"];
    if ("host" in input) {
      const normalized = normalizeHostname(hostWithoutPort(input.host));
      if (!normalized.ok || platformHosts.some((p) => isUnder(normalized.hostname, p))) return null;
      const domain = await tx.storeDomain.findUnique({ where: { verifiedHostname: normalized.hostname }, select: { storeId: true } });
      if (!domain) return null;
      where = { id: domain.storeId };
      matchedBy = "domain";
    } else {
      where = { slug: input.slug };
      matchedBy = "slug";
    }
    const store = await tx.store.findFirst({ where, select: { id: true, tenantId: true, name: true, slug: true, theme: true, customDomain: true } });
    if (!store) return null;
    const tenant = await tx.tenant.findFirst({ where: { id: store.tenantId, status: "ACTIVE", deletedAt: null }, select: { slug: true } });
    if (!tenant) return null;
    return {
      storeId: store.id,
      tenantId: store.tenantId,
      tenantSlug: tenant.slug,
      name: store.name,
      slug: store.slug,
      theme: store.theme as Theme,
      primaryDomain: store.customDomain,
      matchedBy,
    };
  });
}
