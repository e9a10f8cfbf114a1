import { asPlatform, createDb, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { baseEnv } from "@bazaar/config";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DomainError } from "../errors";
import { startTestDnsServer, type TestDnsServer } from "../testing/dns-server";
import { callerFactory, refusal } from "../testing/trpc-caller";
import { waitForUrls } from "../testing/wait-for";

// Custom domains through the real router, the real database (row-level security as bazaar_app) and real
// DNS lookups (node:dns) against a DNS server this file starts on loopback.

let database: TestDatabase;
let db: Db;
let redis: Redis;
let dns: TestDnsServer;
let caller: ReturnType<typeof callerFactory>;
const u = { ownerA: "", ownerB: "", ownerC: "", viewerA: "" };
const t = { a: "", b: "", c: "" };
const s = { a: "", a2: "", b: "", c: "" };

const domainRows = () =>
  asPlatform(db, (tx) =>
    tx.storeDomain.findMany({ orderBy: { id: "asc" }, select: { id: true, tenantId: true, hostname: true, status: true, verifiedHostname: true } }),
  );
const snapshot = () =>
  asPlatform(db, async (tx) => ({
    domains: await tx.storeDomain.findMany({ orderBy: { id: "asc" } }),
    stores: await tx.store.findMany({ orderBy: { id: "asc" } }),
    outbox: await tx.outboxEvent.count(),
  }));
const lastEvent = (type: string) =>
  asPlatform(db, (tx) => tx.outboxEvent.findFirst({ where: { type }, orderBy: { position: "desc" }, select: { envelope: true, tenantId: true } }));

beforeAll(async () => {
  await waitForUrls(baseEnv().DATABASE_URL, baseEnv().REDIS_URL);
  dns = await startTestDnsServer();
  // Read once by the API's env (cached on first use), before any procedure runs.
  process.env.DNS_RESOLVERS = dns.address;
  process.env.DNS_TIMEOUT_MS = "1000";
  process.env.PLATFORM_HOSTS = "bazaar.local,localhost,bazaar-platform.example";
  database = await createTestDatabase(testDatabaseName("api_domains"));
  db = createDb({ url: database.url, poolSize: 6 });
  redis = new Redis(baseEnv().REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  caller = callerFactory(db, redis, "domains-test");
  await asPlatform(db, async (tx) => {
    for (const key of Object.keys(u) as (keyof typeof u)[]) {
      u[key] = (await tx.user.create({ data: { email: `${key.toLowerCase()}@domains.test`, name: key, passwordHash: "unused" } })).id;
    }
    for (const [key, plan] of [["a", "PRO"], ["b", "FREE"], ["c", "ENTERPRISE"]] as const) {
      const tenant = await tx.tenant.create({ data: { slug: `tenant-${key}`, name: `Tenant ${key}`, type: "SELLER_BUSINESS", plan } });
      t[key] = tenant.id;
      s[key] = (await tx.store.create({ data: { tenantId: tenant.id, name: `Store ${key}`, slug: `store-${key}` } })).id;
    }
    s.a2 = (await tx.store.create({ data: { tenantId: t.a, name: "Store a2", slug: "store-a2" } })).id;
    await tx.membership.createMany({
      data: [
        { tenantId: t.a, userId: u.ownerA, role: "OWNER" },
        { tenantId: t.a, userId: u.viewerA, role: "VIEWER" },
        { tenantId: t.b, userId: u.ownerB, role: "OWNER" },
        { tenantId: t.c, userId: u.ownerC, role: "OWNER" },
      ],
    });
  });
});

afterAll(async () => {
  redis?.disconnect();
  await db?.$disconnect();
  if (database) await database.drop();
  await dns?.close();
});

describe("claimDomain", () => {
  it("records a PENDING claim, normalised, with the TXT record to create, and announces it", async () => {
    const a = await caller(u.ownerA, t.a);
    const claim = await a.stores.claimDomain({ storeId: s.a, hostname: " Shop.Tenant-A.Example. " });
    expect(claim).toMatchObject({ storeId: s.a, hostname: "shop.tenant-a.example", status: "PENDING", verifiedAt: null });
    expect(claim.dnsRecord).toEqual({ type: "TXT", name: "_bazaar-verify.shop.tenant-a.example", value: expect.stringMatching(/^bazaar-verify=[A-Za-z0-9_-]{32}$/) });
    expect(await lastEvent("stores.domain.claimed")).toMatchObject({
      tenantId: t.a,
      envelope: { payload: { domainId: claim.id, hostname: "shop.tenant-a.example", txtRecordName: claim.dnsRecord.name, actorId: u.ownerA } },
    });
    // Claiming again for the same store answers the same claim (same token).
    expect(await a.stores.claimDomain({ storeId: s.a, hostname: "shop.tenant-a.example" })).toEqual(claim);
    expect((await a.stores.listDomains({ storeId: s.a })).map((d) => d.id)).toEqual([claim.id]);
  });

  it("punycodes an internationalised name", async () => {
    const claim = await (await caller(u.ownerA, t.a)).stores.claimDomain({ storeId: s.a, hostname: "Bücher.Tenant-A.Example" });
    expect(claim.hostname).toBe("xn--bcher-kva.tenant-a.example");
  });

  it("refuses platform hosts, malformed names, unknown stores and a second store of the tenant, changing nothing", async () => {
    const a = await caller(u.ownerA, t.a);
    const before = await snapshot();
    const platform = await refusal(a.stores.claimDomain({ storeId: s.a, hostname: "Shop.Bazaar-Platform.Example" }));
    expect(platform.code).toBe("BAD_REQUEST");
    expect((platform.cause as DomainError).details).toMatchObject({ platformHost: "bazaar-platform.example" });
    for (const hostname of ["localhost", "10.0.0.1", "https://shop.example.com", "no_underscores.example.com", "printer.local"]) {
      expect((await refusal(a.stores.claimDomain({ storeId: s.a, hostname }))).code).toBe("BAD_REQUEST");
    }
    expect((await refusal(a.stores.claimDomain({ storeId: crypto.randomUUID(), hostname: "x.tenant-a.example" }))).code).toBe("NOT_FOUND");
    expect((await refusal(a.stores.claimDomain({ storeId: s.b, hostname: "x.tenant-a.example" }))).code).toBe("NOT_FOUND");
    expect((await refusal(a.stores.claimDomain({ storeId: s.a2, hostname: "shop.tenant-a.example" }))).code).toBe("CONFLICT");
    expect((await refusal((await caller(u.viewerA, t.a)).stores.claimDomain({ storeId: s.a, hostname: "v.tenant-a.example" }))).code).toBe("FORBIDDEN");
    expect(await snapshot()).toEqual(before);
  });
});

describe("verifyDomain", () => {
  it("fails with a typed error when the TXT record is missing, wrong or DNS fails, and the claim stays PENDING", async () => {
    const a = await caller(u.ownerA, t.a);
    const claim = (await a.stores.listDomains({ storeId: s.a })).find((d) => d.hostname === "shop.tenant-a.example")!;
    const before = await snapshot();

    const missing = await refusal(a.stores.verifyDomain({ domainId: claim.id }));
    expect(missing.code).toBe("PRECONDITION_FAILED");
    expect((missing.cause as DomainError).details).toMatchObject({ reason: "record-missing", expected: claim.dnsRecord });

    dns.setTxt(claim.dnsRecord.name, ["bazaar-verify=somebody-elses-token-123", "v=spf1 -all"]);
    const wrong = await refusal(a.stores.verifyDomain({ domainId: claim.id }));
    expect(wrong.code).toBe("PRECONDITION_FAILED");
    expect((wrong.cause as DomainError).details).toMatchObject({ reason: "record-mismatch", found: ["bazaar-verify=somebody-elses-token-123", "v=spf1 -all"] });

    dns.fail(claim.dnsRecord.name);
    const failed = await refusal(a.stores.verifyDomain({ domainId: claim.id }));
    expect((failed.cause as DomainError).details).toMatchObject({ reason: "lookup-failed", dnsCode: "ESERVFAIL" });

    expect(await snapshot()).toEqual(before);
    expect((await a.stores.listDomains({ storeId: s.a })).find((d) => d.id === claim.id)?.status).toBe("PENDING");
  });

  it("verifies with the right TXT record (among others), makes it the store's primary domain and announces it", async () => {
    const a = await caller(u.ownerA, t.a);
    const claim = await a.stores.claimDomain({ storeId: s.a, hostname: "www.tenant-a.example" });
    dns.setTxt(claim.dnsRecord.name, ["google-site-verification=abc", claim.dnsRecord.value]);
    const verified = await a.stores.verifyDomain({ domainId: claim.id });
    expect(verified).toMatchObject({ id: claim.id, status: "VERIFIED", verifiedAt: expect.any(Date) });
    expect((await a.stores.list()).find((x) => x.id === s.a)?.customDomain).toBe("www.tenant-a.example");
    expect(await lastEvent("stores.domain.verified")).toMatchObject({
      tenantId: t.a,
      envelope: { payload: { domainId: claim.id, storeId: s.a, hostname: "www.tenant-a.example", primary: true, actorId: u.ownerA } },
    });
    // Verifying again is a no-op answer, not a second event.
    const outbox = await asPlatform(db, (tx) => tx.outboxEvent.count());
    expect((await a.stores.verifyDomain({ domainId: claim.id })).status).toBe("VERIFIED");
    expect(await asPlatform(db, (tx) => tx.outboxEvent.count())).toBe(outbox);
  });

  it("refuses another tenant's claim of a verified host name with CONFLICT", async () => {
    const b = await caller(u.ownerB, t.b);
    const before = await snapshot();
    const conflict = await refusal(b.stores.claimDomain({ storeId: s.b, hostname: "WWW.tenant-a.example" }));
    expect(conflict.code).toBe("CONFLICT");
    expect(await snapshot()).toEqual(before);
  });

  it("keeps tenants apart: B neither sees nor verifies nor removes A's claims", async () => {
    const b = await caller(u.ownerB, t.b);
    const aClaims = (await domainRows()).filter((d) => d.tenantId === t.a);
    expect(aClaims.length).toBeGreaterThan(0);
    expect(await b.stores.listDomains({})).toEqual([]);
    const before = await snapshot();
    for (const claim of aClaims) {
      expect((await refusal(b.stores.verifyDomain({ domainId: claim.id }))).code).toBe("NOT_FOUND");
      expect((await refusal(b.stores.removeDomain({ domainId: claim.id }))).code).toBe("NOT_FOUND");
    }
    expect(await snapshot()).toEqual(before);
  });

  it("lets two tenants hold pending claims on one host name; the first to verify wins, exactly once", async () => {
    const b = await caller(u.ownerB, t.b);
    const c = await caller(u.ownerC, t.c);
    const claimB = await b.stores.claimDomain({ storeId: s.b, hostname: "race.example.org" });
    const claimC = await c.stores.claimDomain({ storeId: s.c, hostname: "race.example.org" });
    expect(claimB.dnsRecord.value).not.toBe(claimC.dnsRecord.value);
    // Both put their record up (as two people fighting over a zone might): only the index decides.
    dns.setTxt(claimB.dnsRecord.name, [claimB.dnsRecord.value, claimC.dnsRecord.value]);
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 4 }, () => b.stores.verifyDomain({ domainId: claimB.id })),
      ...Array.from({ length: 4 }, () => c.stores.verifyDomain({ domainId: claimC.id })),
    ]);
    const rows = (await domainRows()).filter((d) => d.hostname === "race.example.org");
    expect(rows.filter((r) => r.status === "VERIFIED")).toHaveLength(1);
    const winner = rows.find((r) => r.status === "VERIFIED")!.tenantId;
    const loserOutcomes = outcomes.slice(winner === t.b ? 4 : 0, winner === t.b ? 8 : 4);
    const winnerOutcomes = outcomes.slice(winner === t.b ? 0 : 4, winner === t.b ? 4 : 8);
    expect(winnerOutcomes.every((o) => o.status === "fulfilled")).toBe(true);
    expect(loserOutcomes.every((o) => o.status === "rejected" && (o.reason as { code?: string }).code === "CONFLICT")).toBe(true);
    expect(await asPlatform(db, (tx) => tx.outboxEvent.count({ where: { type: "stores.domain.verified", tenantId: { in: [t.b, t.c] } } }))).toBe(1);
  });
});

describe("resolveHost", () => {
  it("answers a verified host (any case, with a port) and a store slug, for anyone", async () => {
    const anonymous = await caller(null);
    expect(await anonymous.stores.resolveHost({ host: "WWW.Tenant-A.Example:8443" })).toMatchObject({
      storeId: s.a,
      tenantId: t.a,
      tenantSlug: "tenant-a",
      slug: "store-a",
      primaryDomain: "www.tenant-a.example",
      matchedBy: "domain",
    });
    expect(await anonymous.stores.resolveHost({ slug: "store-a2" })).toMatchObject({ storeId: s.a2, matchedBy: "slug", primaryDomain: null });
  });

  it("answers NOT_FOUND for pending, unknown and platform hosts", async () => {
    const anonymous = await caller(null);
    for (const host of ["shop.tenant-a.example", "unknown.example.net", "bazaar.local:3000", "bazaar-platform.example", "not a host"]) {
      expect((await refusal(anonymous.stores.resolveHost({ host }))).code).toBe("NOT_FOUND");
    }
    expect((await refusal(anonymous.stores.resolveHost({ slug: "no-such-store" }))).code).toBe("NOT_FOUND");
  });

  it("stops answering a suspended tenant's stores", async () => {
    await asPlatform(db, (tx) => tx.tenant.update({ where: { id: t.a }, data: { status: "SUSPENDED" } }));
    try {
      expect((await refusal((await caller(null)).stores.resolveHost({ host: "www.tenant-a.example" }))).code).toBe("NOT_FOUND");
    } finally {
      await asPlatform(db, (tx) => tx.tenant.update({ where: { id: t.a }, data: { status: "ACTIVE" } }));
    }
  });
});

describe("removeDomain", () => {
  it("stops routing a removed verified domain, clears the primary, and frees the name for another tenant", async () => {
    const a = await caller(u.ownerA, t.a);
    const claim = (await a.stores.listDomains({ storeId: s.a })).find((d) => d.hostname === "www.tenant-a.example")!;
    expect(await a.stores.removeDomain({ domainId: claim.id })).toEqual({ removed: true });
    expect(await lastEvent("stores.domain.removed")).toMatchObject({ envelope: { payload: { domainId: claim.id, wasVerified: true } } });
    expect((await a.stores.list()).find((x) => x.id === s.a)?.customDomain).toBeNull();
    expect((await refusal((await caller(null)).stores.resolveHost({ host: "www.tenant-a.example" }))).code).toBe("NOT_FOUND");

    const b = await caller(u.ownerB, t.b);
    const claimB = await b.stores.claimDomain({ storeId: s.b, hostname: "www.tenant-a.example" });
    dns.setTxt(claimB.dnsRecord.name, [claimB.dnsRecord.value]);
    expect((await b.stores.verifyDomain({ domainId: claimB.id })).status).toBe("VERIFIED");
    expect(await (await caller(null)).stores.resolveHost({ host: "www.tenant-a.example" })).toMatchObject({ storeId: s.b });
  });
});
