import { asPlatform, createDb, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { baseEnv } from "@bazaar/config";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DomainError } from "../errors";
import { callerFactory, refusal } from "../testing/trpc-caller";
import { waitForUrls } from "../testing/wait-for";

// Store themes and the plan's store quota under concurrency, through the real router and database.

let database: TestDatabase;
let db: Db;
let redis: Redis;
let caller: ReturnType<typeof callerFactory>;
const u = { owner: "" };
const t = { pro: "", free: "" };

beforeAll(async () => {
  await waitForUrls(baseEnv().DATABASE_URL, baseEnv().REDIS_URL);
  database = await createTestDatabase(testDatabaseName("api_stores"));
  db = createDb({ url: database.url, poolSize: 8 });
  redis = new Redis(baseEnv().REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  caller = callerFactory(db, redis, "stores-test");
  await asPlatform(db, async (tx) => {
    u.owner = (await tx.user.create({ data: { email: "owner@stores.test", name: "Owner", passwordHash: "unused" } })).id;
    t.pro = (await tx.tenant.create({ data: { slug: "pro-stores", name: "Pro", type: "SELLER_BUSINESS", plan: "PRO" } })).id;
    t.free = (await tx.tenant.create({ data: { slug: "free-stores", name: "Free", type: "SELLER_INDIVIDUAL", plan: "FREE" } })).id;
    await tx.membership.createMany({
      data: [
        { tenantId: t.pro, userId: u.owner, role: "OWNER" },
        { tenantId: t.free, userId: u.owner, role: "OWNER" },
      ],
    });
  });
});

afterAll(async () => {
  redis?.disconnect();
  await db?.$disconnect();
  if (database) await database.drop();
});

const storeCount = (tenantId: string) => asPlatform(db, (tx) => tx.store.count({ where: { tenantId } }));

describe("plan limit on stores", () => {
  it("lets exactly the plan's number of concurrent creates through (PRO: 3 of 10), the rest PRECONDITION_FAILED", async () => {
    const owner = await caller(u.owner, t.pro);
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => owner.stores.create({ name: `Race ${i}`, slug: `race-${i}` })));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(3);
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
    expect(refused).toHaveLength(7);
    for (const r of refused) {
      expect(r.reason.code).toBe("PRECONDITION_FAILED");
      expect((r.reason.cause as DomainError).details.limit).toMatchObject({ resource: "stores", plan: "PRO", limit: 3 });
    }
    expect(await storeCount(t.pro)).toBe(3);
    expect(await asPlatform(db, (tx) => tx.outboxEvent.count({ where: { type: "stores.store.created", tenantId: t.pro } }))).toBe(3);
  });

  it("holds on FREE too (1 store)", async () => {
    const owner = await caller(u.owner, t.free);
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => owner.stores.create({ name: `Free ${i}`, slug: `free-${i}` })));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(await storeCount(t.free)).toBe(1);
  });
});

/** A media asset as the media router leaves it after confirmUpload (renditions recorded). */
async function asset(tenantId: string, status: "READY" | "PENDING") {
  const id = crypto.randomUUID();
  const rendition = (name: string) => ({ key: `media/${tenantId}/${id}/${name}.webp`, url: `http://127.0.0.1:9000/bazaar-media/media/${tenantId}/${id}/${name}.webp`, width: 100, height: 100, size: 1_000, contentType: "image/webp" });
  await asPlatform(db, (tx) =>
    tx.mediaAsset.create({
      data: {
        id,
        tenantId,
        ownerKind: "store",
        status,
        originalKey: `media/${tenantId}/${id}/original`,
        declaredContentType: "image/png",
        declaredSize: 1_000,
        createdBy: u.owner,
        ...(status === "READY" ? { contentType: "image/png", size: 1_000, width: 800, height: 800, renditions: { thumb: rendition("thumb"), card: rendition("card"), full: rendition("full") }, processedAt: new Date() } : {}),
      },
    }),
  );
  return { id, card: rendition("card").url, full: rendition("full").url };
}

describe("theme", () => {
  it("stores logo and banner as the tenant's READY assets with their rendition URLs, brand colours (lower-cased) and a layout", async () => {
    const owner = await caller(u.owner, t.free);
    const [store] = await owner.stores.list();
    const logo = await asset(t.free, "READY");
    const banner = await asset(t.free, "READY");
    const updated = await owner.stores.update({
      storeId: store!.id,
      // A URL sent by the client is replaced by the asset's own rendition URL.
      theme: { logo: { assetId: logo.id, url: "https://evil.example/logo.png" }, banner: { assetId: banner.id }, primaryColor: "#AA3300", accentColor: "#00ff88", textColor: "#111111", layout: "editorial", font: "serif" },
    });
    expect(updated.theme).toEqual({
      logo: { assetId: logo.id, url: logo.card },
      banner: { assetId: banner.id, url: banner.full },
      primaryColor: "#aa3300",
      accentColor: "#00ff88",
      textColor: "#111111",
      layout: "editorial",
      font: "serif",
    });
    expect((await owner.stores.list())[0]!.theme).toEqual(updated.theme);
  });

  it("refuses a bad theme, an unknown or another tenant's asset, and an asset not yet processed, changing nothing", async () => {
    const owner = await caller(u.owner, t.free);
    const [store] = await owner.stores.list();
    const before = await asPlatform(db, (tx) => tx.store.findUniqueOrThrow({ where: { id: store!.id } }));
    const bad = [
      { primaryColor: "red" },
      { primaryColor: "#12345" },
      { layout: "masonry" },
      { logo: { assetId: "not-a-uuid" } },
      { logo: { assetId: crypto.randomUUID(), url: "javascript:alert(1)" } },
      { logo: { assetId: crypto.randomUUID(), extra: true } },
      { logoUrl: "https://example.com/logo.png" },
    ];
    for (const theme of bad) {
      expect((await refusal(owner.stores.update({ storeId: store!.id, theme: theme as never }))).code).toBe("BAD_REQUEST");
    }
    const othersAsset = await asset(t.pro, "READY");
    const pending = await asset(t.free, "PENDING");
    expect((await refusal(owner.stores.update({ storeId: store!.id, theme: { logo: { assetId: crypto.randomUUID() } } }))).code).toBe("NOT_FOUND");
    expect((await refusal(owner.stores.update({ storeId: store!.id, theme: { banner: { assetId: othersAsset.id } } }))).code).toBe("NOT_FOUND");
    const notReady = await refusal(owner.stores.update({ storeId: store!.id, theme: { logo: { assetId: pending.id } } }));
    expect(notReady.code).toBe("PRECONDITION_FAILED");
    expect((notReady.cause as DomainError).details).toMatchObject({ role: "logo", status: "PENDING" });
    expect(await asPlatform(db, (tx) => tx.store.findUniqueOrThrow({ where: { id: store!.id } }))).toEqual(before);
  });
});
