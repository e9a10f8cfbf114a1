import { verify } from "@node-rs/argon2";
import { ObjectStore, objectStoreConfigFromEnv } from "@bazaar/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "./client";
import { DEMO_PASSWORD, DEMO_TENANTS, DEMO_USERS, seedDemoData, type DemoSeedResult } from "./demo-seed";
import { DEMO_SELLERS } from "./demo/catalog-data";
import { asPlatform, withTenant } from "./tenant-context";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "./testing";

let testDb: TestDatabase;
let db: Db;
let first: DemoSeedResult;
// A bucket of this run's own, so the test neither needs nor touches the development bucket.
const store = new ObjectStore({ ...objectStoreConfigFromEnv(), bucket: `bazaar-seed-test-${process.pid}`, publicUrl: undefined });

// The plans' quotas (packages/api/src/plans/plans.ts; the db package cannot import the API). The seed
// must stay inside them, or the demo tenants could not create a single product or store.
const LIMITS = { FREE: { stores: 1, products: 50 }, PRO: { stores: 3, products: 5_000 }, ENTERPRISE: { stores: Infinity, products: Infinity } };

beforeAll(async () => {
  testDb = await createTestDatabase(testDatabaseName("db_seed"));
  db = createDb({ url: testDb.url, poolSize: 2 });
  await store.ensureBucket();
  first = await seedDemoData(db, { store });
}, 300_000);

afterAll(async () => {
  await db?.$disconnect();
  await testDb?.drop();
  for await (const object of store.listObjects("")) await store.deleteObject(object.key);
  await store.deleteBucket();
}, 120_000);

const snapshot = () =>
  asPlatform(db, async (tx) => ({
    users: await tx.user.findMany({ orderBy: { email: "asc" }, select: { id: true, email: true, passwordHash: true, platformRole: true } }),
    tenants: await tx.tenant.findMany({ orderBy: { slug: "asc" }, select: { id: true, slug: true, type: true, plan: true } }),
    memberships: await tx.membership.findMany({ orderBy: { id: "asc" }, select: { id: true, tenantId: true, userId: true, role: true } }),
    stores: await tx.store.findMany({ orderBy: { id: "asc" }, select: { id: true, tenantId: true, slug: true, theme: true } }),
    categories: await tx.category.count(),
    products: await tx.product.findMany({ orderBy: { id: "asc" }, select: { id: true } }),
    variants: await tx.productVariant.count(),
    options: await tx.productOption.count(),
    levels: await tx.stockLevel.findMany({ orderBy: { id: "asc" }, select: { id: true, onHand: true } }),
    movements: await tx.stockMovement.count(),
    collections: await tx.productCollection.count(),
  }));

describe("the demo marketplace", () => {
  it("has sellers of every tenant type and plan, each within its plan's store and product quota", async () => {
    const s = await snapshot();
    expect(s.tenants.length).toBeGreaterThanOrEqual(8);
    expect(new Set(s.tenants.map((t) => t.type))).toEqual(new Set(["SELLER_INDIVIDUAL", "SELLER_BUSINESS", "MARKETPLACE", "FRANCHISE"]));
    expect(new Set(s.tenants.map((t) => t.plan))).toEqual(new Set(["FREE", "PRO", "ENTERPRISE"]));
    await asPlatform(db, async (tx) => {
      for (const tenant of s.tenants) {
        const stores = await tx.store.count({ where: { tenantId: tenant.id } });
        const products = await tx.product.count({ where: { tenantId: tenant.id } });
        expect(stores, tenant.slug).toBeGreaterThanOrEqual(1);
        expect(stores, tenant.slug).toBeLessThanOrEqual(LIMITS[tenant.plan].stores);
        expect(products, tenant.slug).toBeLessThanOrEqual(LIMITS[tenant.plan].products);
        expect(await tx.stockLocation.count({ where: { tenantId: tenant.id } }), tenant.slug).toBeGreaterThanOrEqual(2);
      }
    });
    for (const store of s.stores) expect(store.theme).toMatchObject({ primaryColor: expect.stringMatching(/^#[0-9a-f]{6}$/), layout: expect.any(String) });
  });

  it("has a three-level category tree and 300+ products on its leaves, with options, variants and prices", async () => {
    expect(first.catalog.products).toBeGreaterThanOrEqual(300);
    await asPlatform(db, async (tx) => {
      const categories = await tx.category.findMany({ select: { id: true, path: true, parentId: true } });
      expect(categories.length).toBeGreaterThanOrEqual(30);
      const depth = (path: string) => path.split("/").length;
      expect(new Set(categories.map((c) => depth(c.path)))).toEqual(new Set([1, 2, 3]));
      const leafIds = new Set(categories.filter((c) => depth(c.path) === 3).map((c) => c.id));
      const products = await tx.product.findMany({ select: { categoryId: true, status: true, _count: { select: { variants: true, options: true } } } });
      expect(products.length).toBeGreaterThanOrEqual(300);
      expect(products.every((p) => p.categoryId !== null && leafIds.has(p.categoryId))).toBe(true);
      expect(products.every((p) => p._count.variants >= 1)).toBe(true);
      expect(products.filter((p) => p._count.options >= 2).length).toBeGreaterThan(10);
      expect(new Set(products.map((p) => p.status))).toEqual(new Set(["PUBLISHED", "DRAFT", "ARCHIVED"]));
      const variants = await tx.productVariant.findMany({ select: { priceAmount: true, compareAtAmount: true, currency: true, sku: true, tenantId: true } });
      expect(variants.every((v) => Number.isInteger(v.priceAmount) && v.priceAmount > 0 && /^[A-Z]{3}$/.test(v.currency))).toBe(true);
      const discounted = variants.filter((v) => v.compareAtAmount !== null);
      expect(discounted.length).toBeGreaterThan(20);
      expect(discounted.every((v) => v.compareAtAmount! > v.priceAmount)).toBe(true);
    });
  });

  it("lets a shopper check out on a fresh installation: every seller ships in its currency and the checkout's regions are taxed", async () => {
    expect(first.catalog.checkout.taxRates).toBeGreaterThanOrEqual(5);
    await asPlatform(db, async (tx) => {
      for (const tenant of await tx.tenant.findMany({ where: { slug: { in: ["acme-crafts", "bolt-books", "nordic-threads"] } }, select: { id: true, slug: true } })) {
        const currencies = new Set((await tx.productVariant.findMany({ where: { tenantId: tenant.id }, select: { currency: true }, distinct: ["currency"] })).map((v) => v.currency));
        const rates = await tx.shippingRate.findMany({ where: { tenantId: tenant.id }, select: { kind: true, currency: true } });
        expect(new Set(rates.map((r) => r.kind)), tenant.slug).toEqual(new Set(["FLAT", "WEIGHT"]));
        expect(rates.every((r) => currencies.has(r.currency)), tenant.slug).toBe(true);
      }
      expect((await tx.taxRate.findMany({ where: { region: { in: ["US", "DE", "GB"] } } })).length).toBe(3);
    });
  });

  it("gives every demo seller but Nordic Threads a sandbox payout destination, so the payout run pays them", async () => {
    const expected = DEMO_SELLERS.map((s) => s.slug).filter((slug) => slug !== "nordic-threads").sort();
    expect(first.catalog.checkout.payoutDestinations).toBe(expected.length);
    const accounts = await asPlatform(db, (tx) => tx.sellerPayoutAccount.findMany({ select: { provider: true, destination: true, tenantId: true } }));
    const slugs = await asPlatform(db, (tx) => tx.tenant.findMany({ where: { id: { in: accounts.map((a) => a.tenantId) } }, select: { slug: true } }));
    expect(slugs.map((t) => t.slug).sort()).toEqual(expected);
    expect(accounts.every((a) => a.provider === "sandbox" && /^acct_sandbox_[a-z_]+$/.test(a.destination))).toBe(true);
  });

  it("has stock in several locations, with sold-out and low-stock variants, and a ledger that rebuilds every level", async () => {
    await asPlatform(db, async (tx) => {
      const [stock] = await tx.$queryRaw<{ out_of_stock: number; low_stock: number; in_stock: number }[]>`
        WITH totals AS (
          SELECT v.id, v.low_stock_threshold AS threshold, coalesce(sum(l.on_hand - l.reserved), 0)::int AS available
          FROM product_variants v LEFT JOIN stock_levels l ON l.variant_id = v.id GROUP BY v.id)
        SELECT count(*) FILTER (WHERE available = 0)::int AS out_of_stock,
               count(*) FILTER (WHERE available > 0 AND available < threshold)::int AS low_stock,
               count(*) FILTER (WHERE available >= threshold)::int AS in_stock
        FROM totals`;
      expect(stock!.out_of_stock).toBeGreaterThan(20);
      expect(stock!.low_stock).toBeGreaterThan(20);
      expect(stock!.in_stock).toBeGreaterThan(stock!.out_of_stock + stock!.low_stock);
      const unbalanced = await tx.$queryRaw<{ id: string }[]>`
        SELECT l.id FROM stock_levels l
        LEFT JOIN stock_movements m ON m.tenant_id = l.tenant_id AND m.variant_id = l.variant_id AND m.location_id = l.location_id
        GROUP BY l.id, l.on_hand, l.reserved
        HAVING l.on_hand <> coalesce(sum(m.on_hand_delta), 0) OR l.reserved <> coalesce(sum(m.reserved_delta), 0)`;
      expect(unbalanced).toEqual([]);
    });
  });

  it("keeps tenants' catalogues apart under row-level security", async () => {
    const acme = DEMO_TENANTS.find((t) => t.slug === "acme-crafts")!.id;
    const all = await asPlatform(db, (tx) => tx.product.count({ where: { tenantId: acme } }));
    expect(all).toBeGreaterThan(0);
    expect(await withTenant(db, acme, (tx) => tx.product.count())).toBe(all);
    expect(await withTenant(db, acme, (tx) => tx.membership.count())).toBe(2);
  });
});

describe("the demo images", () => {
  it("gives every product a READY image and every store a logo and banner, served from the object store", async () => {
    await asPlatform(db, async (tx) => {
      const products = await tx.product.findMany({ select: { id: true, images: { select: { assetId: true } } } });
      expect(products.every((p) => p.images.length === 1)).toBe(true);
      const assets = await tx.mediaAsset.findMany({ select: { id: true, status: true, renditions: true, ownerKind: true } });
      expect(assets.every((a) => a.status === "READY")).toBe(true);
      expect(assets.filter((a) => a.ownerKind === "product")).toHaveLength(products.length);
      expect(first.images).toEqual({ assets: assets.length, uploaded: assets.length });
      const stores = await tx.store.findMany({ select: { theme: true } });
      for (const s of stores) {
        expect(s.theme).toMatchObject({ logo: { assetId: expect.any(String), url: expect.stringMatching(/\.webp$/) }, banner: { assetId: expect.any(String) } });
      }
      const card = (assets[0]!.renditions as { card: { url: string; width: number } }).card;
      const response = await fetch(card.url);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/webp");
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(500);
    });
  });
});

describe("the demo logins", () => {
  it("are seeded once and verify with the demo password", async () => {
    expect(first.logins.map((l) => l.email)).toEqual(DEMO_USERS.map((u) => u.email));
    const s = await snapshot();
    expect(s.users).toHaveLength(DEMO_USERS.length);
    expect(s.tenants.map((t) => t.id).sort()).toEqual(DEMO_TENANTS.map((t) => t.id).sort());
    for (const email of ["operator@bazaar.local", "owner@acme-crafts.local", "staff@acme-crafts.local", "owner@bolt-books.local", "staff@bolt-books.local"]) {
      const user = s.users.find((u) => u.email === email);
      expect(user?.passwordHash, email).toMatch(/^\$argon2id\$/);
      expect(await verify(user!.passwordHash, DEMO_PASSWORD)).toBe(true);
    }
    expect(s.users.find((u) => u.email === "operator@bazaar.local")?.platformRole).toBe("OPERATOR");
  });
});

describe("a second run", () => {
  it("changes nothing", async () => {
    const before = await snapshot();
    const again = await seedDemoData(db, { store });
    expect(again.catalog).toEqual(first.catalog);
    expect(again.images).toEqual({ assets: first.images!.assets, uploaded: 0 });
    expect(await snapshot()).toEqual(before);
  }, 180_000);
});
