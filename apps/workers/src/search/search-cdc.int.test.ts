import { indexProducts, productsAlias } from "@bazaar/api/search";
import { seedProduct, startTestSearch, type TestSearch } from "@bazaar/api/search/testing";
import { asPlatform } from "@bazaar/db";
import { createHandlerSpy, startTestStockCdc, waitUntil, type TestStockCdc } from "@bazaar/events/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTenancyHarness, type TenancyHarness } from "../onboarding/onboarding.testing";
import { createSearchProjectionWorker } from "./search-projection.consumer";

// Stock that changes beneath the API (a plain SQL UPDATE of stock_levels) still reaches search: Debezium
// streams the row to `inventory.cdc`, and the search projection (no outbox relay running here) rebuilds
// the product and flips its in-stock facet.

let h: TenancyHarness;
let s: TestSearch;
let cdc: TestStockCdc | undefined;
const spy = createHandlerSpy();
let product = "";
let variant = "";
let tenantId = "";

beforeAll(async () => {
  s = await startTestSearch("cdc");
  h = await startTenancyHarness("search_cdc", (deps) => [createSearchProjectionWorker(deps, { client: s.backend.client, prefix: s.prefix, observer: spy })]);
  const ids = await asPlatform(h.db, async (tx) => {
    const tenant = await tx.tenant.create({ data: { slug: "search-cdc", name: "CDC", type: "SELLER_BUSINESS", plan: "PRO" } });
    const store = await tx.store.create({ data: { tenantId: tenant.id, name: "CDC shop", slug: "search-cdc" } });
    return { tenantId: tenant.id, storeId: store.id };
  });
  tenantId = ids.tenantId;
  const seeded = await seedProduct(h.db, { ...ids, title: "Nebula lamp", handle: "nebula-lamp", variants: [{ sku: "NEB-1", priceAmount: 5000 }] });
  product = seeded.id;
  variant = seeded.variantIds[0]!;
  await indexProducts(s.backend.client, h.db, productsAlias(s.prefix), [product], true);
  cdc = await startTestStockCdc(h.database.name, h.deps.naming);
}, 180_000);

afterAll(async () => {
  await cdc?.stop();
  await h?.close();
  await s?.close();
});

const inStock = async () => (await s.backend.client.get({ index: productsAlias(s.prefix), id: product })).body._source?.inStock;

describe("stock through Debezium CDC", () => {
  it("flips the product's in-stock facet in search, both ways", async () => {
    expect(await inStock()).toBe(false);
    const level = await asPlatform(h.db, async (tx) => {
      const location = await tx.stockLocation.create({ data: { tenantId, name: "Depot", code: "depot" } });
      return tx.stockLevel.create({ data: { tenantId, variantId: variant, locationId: location.id, onHand: 3 } });
    });
    await waitUntil(async () => (await inStock()) === true, { timeoutMs: 60_000, description: "in stock through inventory.cdc" });
    // A GET sees the document as soon as the bulk indexed it; the handler finishes after the bulk's refresh.
    await waitUntil(async () => spy.records.some((r) => r.type === "inventory.stock-level.captured" && r.outcome === "handled"), {
      timeoutMs: 30_000,
      description: "the CDC record handled",
    });
    await asPlatform(h.db, (tx) => tx.$executeRaw`UPDATE stock_levels SET on_hand = 0, version = version + 1, updated_at = now() WHERE id = ${level.id}::uuid`);
    await waitUntil(async () => (await inStock()) === false, { timeoutMs: 60_000, description: "out of stock through inventory.cdc" });
  });
});
