import { afterAll, beforeAll, expect, it } from "vitest";
import { bulkSeed } from "./bulk-seed";
import { createDb, type Db } from "./client";
import { asPlatform, withTenant } from "./tenant-context";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "./testing";

let testDb: TestDatabase;
let db: Db;

beforeAll(async () => {
  testDb = await createTestDatabase(testDatabaseName("db_bulk_seed"));
  db = createDb({ url: testDb.url, poolSize: 2 });
});

afterAll(async () => {
  await db?.$disconnect();
  await testDb?.drop();
});

it("loads N products × 3 variants with prices and stock into a new tenant, chunk by chunk, and again into the same one", async () => {
  const first = await bulkSeed({ url: testDb.url, products: 250, tenantSlug: "bulk-test", chunk: 100 });
  expect(first).toMatchObject({ products: 250, variants: 750, stockLevels: 750, chunks: 3 });
  const second = await bulkSeed({ url: testDb.url, products: 50, tenantSlug: "bulk-test" });
  expect(second.tenantId).toBe(first.tenantId);

  const counts = await withTenant(db, first.tenantId, async (tx) => ({
    products: await tx.product.count(),
    options: await tx.productOption.count(),
    variants: await tx.productVariant.count(),
    levels: await tx.stockLevel.count(),
    stores: await tx.store.count(),
    locations: await tx.stockLocation.count(),
    priced: await tx.productVariant.count({ where: { priceAmount: { gt: 0 }, currency: "USD" } }),
    soldOut: await tx.stockLevel.count({ where: { onHand: 0 } }),
  }));
  expect(counts).toMatchObject({ products: 300, options: 300, variants: 900, levels: 900, stores: 1, locations: 1, priced: 900 });
  expect(counts.soldOut).toBeGreaterThan(0);

  const unbalanced = await asPlatform(db, (tx) =>
    tx.$queryRaw<{ id: string }[]>`
      SELECT l.id FROM stock_levels l
      LEFT JOIN stock_movements m ON m.tenant_id = l.tenant_id AND m.variant_id = l.variant_id AND m.location_id = l.location_id
      GROUP BY l.id, l.on_hand HAVING l.on_hand <> coalesce(sum(m.on_hand_delta), 0)`,
  );
  expect(unbalanced).toEqual([]);
  // Another tenant sees none of it.
  const other = await asPlatform(db, (tx) => tx.tenant.create({ data: { slug: "other-bulk", name: "Other", type: "SELLER_INDIVIDUAL" } }));
  expect(await withTenant(db, other.id, (tx) => tx.product.count())).toBe(0);
});
