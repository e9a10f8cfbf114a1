import { productDetailKey, productIndices, productsAlias } from "@bazaar/api/search";
import { startTestSearch, type TestSearch } from "@bazaar/api/search/testing";
import { asPlatform } from "@bazaar/db";
import { physicalTopic } from "@bazaar/events";
import { createHandlerSpy, waitUntil } from "@bazaar/events/testing";
import { createLogger } from "@bazaar/observability";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTenancyHarness, trpcErrorOf, type TenancyHarness } from "../onboarding/onboarding.testing";
import { createOutboxRelayWorker } from "../outbox-relay/outbox-relay.worker";
import { createProductDetailProjectionWorker } from "./product-detail.consumer";
import { reindexAll, reindexProduct } from "./reindex";
import { createSearchProjectionWorker } from "./search-projection.consumer";

// The write side end to end: catalog and inventory procedures write rows and outbox events, the relay
// publishes them, and the two projection workers rebuild the search document and the product-detail
// read model. Every wait is a bounded poll for the observable effect.

let h: TenancyHarness;
let s: TestSearch;
const spy = createHandlerSpy();
const ids = { manager: "", tenant: "", store: "", storeSlug: "search-proj", category: "", location: "" };

beforeAll(async () => {
  s = await startTestSearch("projection");
  h = await startTenancyHarness("search_projection", (deps, redis) => [
    createOutboxRelayWorker(deps),
    createSearchProjectionWorker(deps, { client: s.backend.client, prefix: s.prefix, observer: spy }),
    createProductDetailProjectionWorker(deps, { redis }),
  ]);
  await asPlatform(h.db, async (tx) => {
    ids.manager = (await tx.user.create({ data: { email: `manager.${h.runId}@search.test`, name: "M", passwordHash: "unused" } })).id;
    ids.tenant = (await tx.tenant.create({ data: { slug: "search-proj", name: "Search", type: "SELLER_BUSINESS", plan: "PRO" } })).id;
    await tx.membership.create({ data: { tenantId: ids.tenant, userId: ids.manager, role: "MANAGER" } });
    ids.store = (await tx.store.create({ data: { tenantId: ids.tenant, name: "Lantern house", slug: ids.storeSlug } })).id;
    ids.category = (await tx.category.create({ data: { slug: "lighting", name: "Lighting", path: "lighting" } })).id;
  });
  const seller = await manager();
  ids.location = (await seller.inventory.createLocation({ name: "Depot", code: "depot" })).id;
}, 120_000);

afterAll(async () => {
  await h?.close();
  await s?.close();
});

const manager = () => h.caller({ session: { userId: ids.manager, platformRole: "NONE" }, tenantId: ids.tenant });
const shopper = () => h.caller({ session: null });
const find = async (q: string) => (await (await shopper()).search.searchProducts({ q, storeSlug: ids.storeSlug })).hits;

async function createLantern(title: string, sku: string) {
  return (await manager()).catalog.createProduct({
    storeId: ids.store,
    title,
    categoryId: ids.category,
    options: [{ name: "Finish", values: ["Brass", "Steel"] }],
    variants: [
      { sku: `${sku}-B`, optionValues: { Finish: "Brass" }, priceAmount: 4900, currency: "EUR" },
      { sku: `${sku}-S`, optionValues: { Finish: "Steel" }, priceAmount: 3900, currency: "EUR" },
    ],
  });
}

describe("the search projection", () => {
  it("makes a published product searchable, follows its stock, and removes it when unpublished", async () => {
    const product = await createLantern("Aurora lantern", "AUR");
    await (await manager()).catalog.publishProduct({ productId: product.id });
    const hit = await waitUntil(async () => (await find("aurora")).find((x) => x.id === product.id), { timeoutMs: 30_000, description: "published product searchable" });
    expect(hit).toMatchObject({ title: "Aurora lantern", minPrice: 3900, maxPrice: 4900, inStock: false, storeName: "Lantern house" });

    // Stock arrives through inventory.events (and Debezium's inventory.cdc where a connector runs).
    const steel = product.variants.find((v) => v.sku === "AUR-S")!;
    await (await manager()).inventory.receiveStock({ variantId: steel.id, locationId: ids.location, quantity: 4 });
    await waitUntil(async () => (await find("aurora")).find((x) => x.id === product.id)?.inStock === true, { timeoutMs: 30_000, description: "in stock in search" });
    const inStock = await (await shopper()).search.searchProducts({ storeSlug: ids.storeSlug, filters: { inStock: true } });
    expect(inStock.hits.map((x) => x.id)).toContain(product.id);

    // The product page's read model follows the same events.
    const detail = await waitUntil(
      async () => {
        const raw = await h.redis.hget(productDetailKey(product.id), "doc");
        const doc = raw ? (JSON.parse(raw) as { variants: { sku: string; available: number }[] }) : null;
        return doc?.variants.find((v) => v.sku === "AUR-S")?.available === 4 && doc;
      },
      { timeoutMs: 30_000, description: "detail read model has the stock" },
    );
    expect(detail.variants.map((v) => [v.sku, v.available])).toEqual([
      ["AUR-B", 0],
      ["AUR-S", 4],
    ]);
    expect(await h.redis.ttl(productDetailKey(product.id))).toBe(-1);

    await (await manager()).catalog.unpublishProduct({ productId: product.id });
    await waitUntil(async () => !(await find("aurora")).some((x) => x.id === product.id), { timeoutMs: 30_000, description: "unpublished product gone" });
    await waitUntil(async () => (await h.redis.hget(productDetailKey(product.id), "doc")) === "", { timeoutMs: 30_000, description: "detail unlisted" });
    expect((await trpcErrorOf((await shopper()).search.getProduct({ productId: product.id }))).code).toBe("NOT_FOUND");
  });

  it("ends in one document state when an event is delivered twice", async () => {
    const product = await createLantern("Borealis lantern", "BOR");
    await (await manager()).catalog.publishProduct({ productId: product.id });
    await waitUntil(async () => (await find("borealis")).length === 1, { timeoutMs: 30_000, description: "published" });
    const row = await asPlatform(h.db, (tx) => tx.outboxEvent.findFirstOrThrow({ where: { key: product.id, type: "catalog.product.published" } }));
    await spy.waitFor(row.eventId, { outcome: "handled" });
    const before = await s.backend.client.get({ index: productsAlias(s.prefix), id: product.id });
    const producer = h.kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic: physicalTopic("catalog.events", h.deps.naming), messages: [{ key: product.id, value: JSON.stringify(row.envelope) }] });
    } finally {
      await producer.disconnect();
    }
    await waitUntil(async () => spy.recordsFor(row.eventId).some((r) => r.outcome === "duplicate"), { timeoutMs: 30_000, description: "redelivery seen" });
    const after = await s.backend.client.get({ index: productsAlias(s.prefix), id: product.id });
    expect(after.body._source).toEqual(before.body._source);
    expect(after.body._version).toBe(before.body._version);
    // A rebuild of its own (same rows) leaves the same document too.
    await reindexProduct({ db: h.db, client: s.backend.client, prefix: s.prefix }, product.id);
    expect((await s.backend.client.get({ index: productsAlias(s.prefix), id: product.id })).body._source).toEqual(before.body._source);
    expect(await find("borealis")).toHaveLength(1);
  });

  it("reindexes into a new index and swaps the alias while searches keep answering", async () => {
    const product = await createLantern("Cygnus lantern", "CYG");
    await (await manager()).catalog.publishProduct({ productId: product.id });
    await waitUntil(async () => (await find("cygnus")).length === 1, { timeoutMs: 30_000, description: "published" });
    const [before] = (await productIndices(s.backend.client, s.prefix)).live;

    let searching = true;
    let searches = 0;
    const failures: unknown[] = [];
    const loop = (async () => {
      while (searching) {
        try {
          const hits = await find("lantern");
          if (!hits.some((x) => x.id === product.id)) failures.push(new Error(`search ${searches} lost the product`));
        } catch (error) {
          failures.push(error);
        }
        searches += 1;
      }
    })();
    let renamed = false;
    const report = await reindexAll({
      db: h.db,
      client: s.backend.client,
      prefix: s.prefix,
      logger: createLogger("reindex-test", { level: "error" }),
      // Changed after the bulk load, while the old index is live: the catch-up must carry it over.
      afterLoad: async () => {
        const current = await (await manager()).catalog.getProduct({ productId: product.id });
        await (await manager()).catalog.updateProduct({ productId: product.id, version: current.version, title: "Cygnus lantern deluxe" });
        renamed = true;
      },
    });
    // A few more searches on the new index before stopping the loop.
    const swappedAt = searches;
    await waitUntil(async () => searches >= swappedAt + 3, { timeoutMs: 30_000, description: "searches after the swap" });
    searching = false;
    await loop;
    expect(renamed).toBe(true);
    expect(failures).toEqual([]);
    expect(searches).toBeGreaterThan(3);
    expect(report.previous).toEqual([before]);
    expect((await productIndices(s.backend.client, s.prefix)).live).toEqual([report.index]);
    expect(report.loaded).toBeGreaterThanOrEqual(2);
    await waitUntil(async () => (await find("deluxe")).some((x) => x.id === product.id), { timeoutMs: 30_000, description: "renamed product in the new index" });
  });
});
