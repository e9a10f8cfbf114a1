import { asPlatform } from "@bazaar/db";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCatalogWorld, type CatalogWorld } from "../catalog/catalog.testing";
import { createSearchBackend, useSearchBackend } from "./opensearch";
import { indexProducts } from "./product-indexer";
import { productsAlias } from "./products-index";
import { productDetailMissRebuilds, productDetailKey } from "./product-detail.service";
import { seedProduct, startTestSearch, type TestSearch } from "./search.testing";

// The public search procedures through the real router against the shared OpenSearch (a run-unique
// index prefix) and PostgreSQL; documents are built by the projection's own indexer.

let w: CatalogWorld;
let s: TestSearch;
const cat = { clothing: "", shirts: "", shoes: "", home: "", lamps: "" };
const p = { linen: "", oxford: "", shoes: "", lamp: "", tee: "", draft: "" };

async function anon() {
  return w.as(null);
}

async function refusal(promise: Promise<unknown>): Promise<TRPCError> {
  const outcome = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(outcome instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${outcome === null ? "success" : String(outcome)}`);
  return outcome;
}

beforeAll(async () => {
  w = await createCatalogWorld("search_api", 8);
  s = await startTestSearch("api");
  await asPlatform(w.db, async (tx) => {
    const mk = async (slug: string, name: string, path: string, parentId: string | null = null) => (await tx.category.create({ data: { slug, name, path, parentId } })).id;
    cat.clothing = await mk("clothing", "Clothing", "clothing");
    cat.shirts = await mk("shirts", "Shirts", "clothing/shirts", cat.clothing);
    cat.shoes = await mk("shoes", "Shoes", "clothing/shoes", cat.clothing);
    cat.home = await mk("home", "Home", "home");
    cat.lamps = await mk("lamps", "Lamps", "home/lamps", cat.home);
  });
  const a = { tenantId: w.tenants.a, storeId: w.stores.a };
  const b = { tenantId: w.tenants.b, storeId: w.stores.b };
  const day = (n: number) => new Date(Date.UTC(2026, 10, n));
  p.linen = (
    await seedProduct(w.db, {
      ...a,
      title: "Linen shirt",
      handle: "linen-shirt",
      description: "A breathable summer shirt",
      categoryId: cat.shirts,
      tags: ["summer"],
      publishedAt: day(5),
      variants: [
        { sku: "LIN-S-RED", priceAmount: 2500, optionValues: { Size: "S", Colour: "Red" }, stock: 5 },
        { sku: "LIN-M-RED", priceAmount: 2500, optionValues: { Size: "M", Colour: "Red" } },
        { sku: "LIN-M-BLUE", priceAmount: 2700, optionValues: { Size: "M", Colour: "Blue" }, stock: 3 },
      ],
    })
  ).id;
  p.oxford = (
    await seedProduct(w.db, {
      ...a,
      title: "Oxford shirt",
      handle: "oxford-shirt",
      description: "Woven cotton",
      categoryId: cat.shirts,
      publishedAt: day(1),
      variants: [
        { sku: "OX-M-WHITE", priceAmount: 4500, optionValues: { Size: "M", Colour: "White" } },
        { sku: "OX-L-BLUE", priceAmount: 4500, optionValues: { Size: "L", Colour: "Blue" } },
      ],
    })
  ).id;
  p.shoes = (
    await seedProduct(w.db, {
      ...b,
      title: "Running shoes",
      handle: "running-shoes",
      description: "Mesh upper",
      categoryId: cat.shoes,
      publishedAt: day(3),
      variants: [{ sku: "RUN-42", priceAmount: 8900, optionValues: { Size: "42" }, stock: 2 }],
    })
  ).id;
  p.lamp = (
    await seedProduct(w.db, {
      ...b,
      title: "Brass lamp",
      handle: "brass-lamp",
      description: "A lamp to read by, beside any linen armchair",
      categoryId: cat.lamps,
      publishedAt: day(4),
      variants: [{ sku: "LAMP-1", priceAmount: 12_000, stock: 1 }],
    })
  ).id;
  p.tee = (
    await seedProduct(w.db, { ...b, title: "Basic tee", handle: "basic-tee", categoryId: cat.shirts, publishedAt: day(2), variants: [{ sku: "TEE-1", priceAmount: 900, stock: 9 }] })
  ).id;
  p.draft = (await seedProduct(w.db, { ...a, title: "Secret shirt", handle: "secret-shirt", status: "DRAFT", categoryId: cat.shirts, variants: [{ sku: "SEC-1", priceAmount: 100 }] })).id;
  await indexProducts(s.backend.client, w.db, productsAlias(s.prefix), Object.values(p), true);
}, 120_000);

afterAll(async () => {
  await s?.close();
  await w?.close();
});

const ids = (r: { hits: { id: string }[] }) => r.hits.map((h) => h.id);

describe("full text", () => {
  it("finds a product through a typo in a word of 4+ letters, never a draft", async () => {
    const r = await (await anon()).search.searchProducts({ q: "shrit" });
    // The tee is in the Shirts category: category names are searched too, below titles.
    expect(ids(r).slice(0, 2).sort()).toEqual([p.linen, p.oxford].sort());
    expect(ids(r)).toEqual(expect.arrayContaining([p.tee]));
    expect(ids(r)).not.toContain(p.draft);
    expect((await (await anon()).search.searchProducts({ q: "lmap" })).hits.map((h) => h.title)).toEqual(["Brass lamp"]);
  });

  it("does not fuzz words under 4 letters", async () => {
    expect((await (await anon()).search.searchProducts({ q: "tea" })).total).toBe(0);
    expect(ids(await (await anon()).search.searchProducts({ q: "tee" }))).toEqual([p.tee]);
  });

  it("ranks a title match above a description match and highlights it (HTML-escaped)", async () => {
    const r = await (await anon()).search.searchProducts({ q: "linen" });
    expect(ids(r)).toEqual([p.linen, p.lamp]);
    expect(r.hits[0]!.highlight.title).toBe("<mark>Linen</mark> shirt");
    expect(r.hits[1]!.highlight.description).toContain("<mark>linen</mark>");
  });

  it("searches within one store", async () => {
    expect(ids(await (await anon()).search.searchProducts({ q: "shirt", storeSlug: w.stores.aSlug }))).toHaveLength(2);
    expect(ids(await (await anon()).search.searchProducts({ q: "lamp", storeSlug: w.stores.aSlug }))).toEqual([]);
    const store = await (await anon()).search.listByStore({ storeSlug: w.stores.bSlug });
    expect(new Set(ids(store))).toEqual(new Set([p.shoes, p.lamp, p.tee]));
  });

  it("applies a changed synonym list to the next search, without a reindex", async () => {
    const operator = await w.as(w.users.operator, undefined, "OPERATOR");
    expect((await (await anon()).search.searchProducts({ q: "tshirt" })).total).toBe(0);
    await operator.search.setSynonyms({ groups: [["tee", "tshirt", "t shirt"]] });
    expect(ids(await (await anon()).search.searchProducts({ q: "tshirt" }))).toEqual([p.tee]);
    expect(await operator.search.getSynonyms()).toEqual({ groups: [["tee", "tshirt", "t shirt"]] });
    await operator.search.setSynonyms({ groups: [] });
    expect((await (await anon()).search.searchProducts({ q: "tshirt" })).total).toBe(0);
    expect((await refusal((await anon()).search.setSynonyms({ groups: [] }))).code).toBe("UNAUTHORIZED");
  });
});

describe("facets", () => {
  it("count every facet, and a selected facet still shows its other values", async () => {
    const r = await (await anon()).search.searchProducts({ filters: { options: { Size: ["M"] } } });
    expect(new Set(ids(r))).toEqual(new Set([p.linen, p.oxford]));
    const f = r.facets!;
    const size = f.options.find((o) => o.name === "size")!.values;
    // The size facet ignores its own selection: every size of every listed product is counted.
    expect(Object.fromEntries(size.map((v) => [v.value, v.count]))).toEqual({ S: 1, M: 2, L: 1, "42": 1 });
    // The other facets count only the products with size M.
    const colour = f.options.find((o) => o.name === "colour")!.values;
    expect(Object.fromEntries(colour.map((v) => [v.value, v.count]))).toEqual({ Blue: 2, Red: 1, White: 1 });
    expect(Object.fromEntries(f.categories.map((c) => [c.name, c.count]))).toEqual({ Clothing: 2, Shirts: 2 });
    expect(f.stores).toEqual([{ id: w.stores.a, name: "A shop", count: 2 }]);
    expect(f.inStock).toEqual({ inStock: 1, outOfStock: 1 });
    expect(f.price.find((b) => b.key === "25-50")!.count).toBe(2);
  });

  it("combine: category and in-stock selected, each facet counted without its own filter", async () => {
    const r = await (await anon()).search.searchProducts({ filters: { categoryIds: [cat.shirts], inStock: true } });
    expect(new Set(ids(r))).toEqual(new Set([p.linen, p.tee]));
    expect(Object.fromEntries(r.facets!.categories.map((c) => [c.name, c.count]))).toEqual({ Clothing: 3, Shirts: 2, Shoes: 1, Home: 1, Lamps: 1 });
    expect(r.facets!.inStock).toEqual({ inStock: 2, outOfStock: 1 });
    const priced = await (await anon()).search.searchProducts({ filters: { price: ["under-10", "100-250"] } });
    expect(new Set(ids(priced))).toEqual(new Set([p.tee, p.lamp]));
  });

  it("lists a category with its subtree", async () => {
    const r = await (await anon()).search.listByCategory({ categoryId: cat.clothing, sort: "price_asc" });
    expect(ids(r)).toEqual([p.tee, p.linen, p.oxford, p.shoes]);
    expect(r.facets).toBeNull();
  });
});

describe("sorting and paging", () => {
  it("sorts by price both ways and by newest", async () => {
    const asc = ids(await (await anon()).search.searchProducts({ sort: "price_asc" }));
    expect(asc).toEqual([p.tee, p.linen, p.oxford, p.shoes, p.lamp]);
    expect(ids(await (await anon()).search.searchProducts({ sort: "price_desc" }))).toEqual([...asc].reverse());
    expect(ids(await (await anon()).search.searchProducts({ sort: "newest" }))).toEqual([p.linen, p.lamp, p.shoes, p.tee, p.oxford]);
    const rated = await (await anon()).search.searchProducts({ sort: "rating" });
    expect(rated.hits.every((h) => h.ratingAverage === 0 && h.ratingCount === 0)).toBe(true);
  });

  it("pages with an opaque cursor until the end, each product once", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const r = await (await anon()).search.searchProducts({ sort: "price_asc", limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...ids(r));
      if (!r.nextCursor) break;
      cursor = r.nextCursor;
    }
    expect(seen).toEqual([p.tee, p.linen, p.oxford, p.shoes, p.lamp]);
  });

  it("refuses a malformed cursor or one from another search, typed", async () => {
    const first = await (await anon()).search.searchProducts({ sort: "price_asc", limit: 2 });
    for (const call of [
      (await anon()).search.searchProducts({ cursor: "not a cursor!" }),
      (await anon()).search.searchProducts({ cursor: Buffer.from('{"s":"price_asc","a":[1e400,"x"],"f":"0"}').toString("base64url"), sort: "price_asc" }),
      (await anon()).search.searchProducts({ cursor: first.nextCursor!, sort: "price_desc", limit: 2 }),
      (await anon()).search.searchProducts({ cursor: first.nextCursor!, sort: "price_asc", limit: 2, q: "shirt" }),
    ]) {
      expect((await refusal(call)).code).toBe("BAD_REQUEST");
    }
  });
});

describe("bad input", () => {
  it("is a typed error or an empty result, never a 500", async () => {
    const c = await anon();
    expect((await refusal(c.search.searchProducts({ q: "x".repeat(10_240) }))).code).toBe("BAD_REQUEST");
    expect((await refusal(c.search.searchProducts({ q: "shirt\u0000" }))).code).toBe("BAD_REQUEST");
    expect((await refusal(c.search.searchProducts({ filters: { price: ["cheap" as "under-10"] } }))).code).toBe("BAD_REQUEST");
    expect((await refusal(c.search.searchProducts({ sort: "popular" as "newest" }))).code).toBe("BAD_REQUEST");
    expect((await c.search.searchProducts({ q: "   " })).total).toBe(5);
    expect((await c.search.searchProducts({ filters: { categoryIds: [crypto.randomUUID()] } })).total).toBe(0);
    expect((await c.search.searchProducts({ filters: { options: { Size: ["XXXL"] } } })).total).toBe(0);
    expect((await c.search.listByStore({ storeSlug: "no-such-store" })).total).toBe(0);
    expect((await c.search.searchProducts({ q: '"(){}[]^~*?:\\/ AND OR NOT' })).total).toBe(0);
    expect((await refusal(c.search.autocomplete({ q: "" }))).code).toBe("BAD_REQUEST");
  });
});

describe("autocomplete", () => {
  it("suggests products by title prefix and categories by name prefix", async () => {
    const r = await (await anon()).search.autocomplete({ q: "lin" });
    expect(r.products.map((x) => x.title)).toEqual(["Linen shirt"]);
    const cats = await (await anon()).search.autocomplete({ q: "shi" });
    expect(cats.categories).toEqual([{ id: cat.shirts, name: "Shirts", count: 3 }]);
    expect((await (await anon()).search.autocomplete({ q: "brass la" })).products.map((x) => x.id)).toEqual([p.lamp]);
  });
});

describe("product detail read model", () => {
  it("rebuilds a miss once for many concurrent readers, then serves it from Redis", async () => {
    await w.redis.del(productDetailKey(p.linen));
    const before = (await productDetailMissRebuilds.get()).values[0]?.value ?? 0;
    const pages = await Promise.all(Array.from({ length: 30 }, async () => (await anon()).search.getProduct({ productId: p.linen })));
    expect((await productDetailMissRebuilds.get()).values[0]?.value).toBe(before + 1);
    expect(new Set(pages.map((x) => JSON.stringify(x))).size).toBe(1);
    const detail = pages[0]!;
    expect(detail).toMatchObject({ title: "Linen shirt", store: { id: w.stores.a, slug: w.stores.aSlug, name: "A shop" }, inStock: true });
    expect(detail.category.map((c) => c.name)).toEqual(["Clothing", "Shirts"]);
    expect(detail.variants.map((v) => [v.sku, v.available, v.inStock])).toEqual([
      ["LIN-S-RED", 5, true],
      ["LIN-M-RED", 0, false],
      ["LIN-M-BLUE", 3, true],
    ]);
    expect(await w.redis.ttl(productDetailKey(p.linen))).toBe(-1);
    expect(await (await anon()).search.getProduct({ storeSlug: w.stores.aSlug, handle: "linen-shirt" })).toEqual(detail);
  });

  it("answers NOT_FOUND for a draft, an unknown id or handle", async () => {
    const c = await anon();
    expect((await refusal(c.search.getProduct({ productId: p.draft }))).code).toBe("NOT_FOUND");
    expect((await refusal(c.search.getProduct({ productId: crypto.randomUUID() }))).code).toBe("NOT_FOUND");
    expect((await refusal(c.search.getProduct({ storeSlug: w.stores.aSlug, handle: "no-such-thing" }))).code).toBe("NOT_FOUND");
    expect((await refusal(c.search.getProduct({ productId: "not-a-uuid" }))).code).toBe("BAD_REQUEST");
  });
});

describe("an OpenSearch outage", () => {
  it("answers SERVICE_UNAVAILABLE, then fails fast with the breaker open", async () => {
    const down = createSearchBackend({ url: "http://127.0.0.1:9", prefix: s.prefix, timeoutMs: 500, resetMs: 60_000 });
    const previous = useSearchBackend(down);
    try {
      const reasons: unknown[] = [];
      for (let i = 0; i < 6; i++) {
        const e = await refusal((await anon()).search.searchProducts({ q: "shirt" }));
        expect(e.code).toBe("SERVICE_UNAVAILABLE");
        reasons.push((e.cause as { details?: { reason?: string } }).details?.reason);
      }
      expect(reasons.at(0)).toBe("unreachable");
      expect(reasons.at(-1)).toBe("circuit-open");
      expect((await refusal((await anon()).search.autocomplete({ q: "lin" }))).code).toBe("SERVICE_UNAVAILABLE");
    } finally {
      useSearchBackend(previous);
      await down.close();
    }
  });
});

// Last in the file: it adds a product, which the counts above do not expect.
describe("a typo in a long word that stemming shortens", () => {
  it("still finds the product (a swap in a 9-letter word stems to 7 letters)", async () => {
    const id = (
      await seedProduct(w.db, {
        tenantId: w.tenants.a,
        storeId: w.stores.a,
        title: "Enamelled casserole",
        handle: "enamelled-casserole",
        categoryId: cat.home,
        publishedAt: new Date(Date.UTC(2026, 10, 5)),
        variants: [{ sku: "CAS-1", priceAmount: 5_900, stock: 3 }],
      })
    ).id;
    await indexProducts(s.backend.client, w.db, productsAlias(s.prefix), [id], true);
    expect(ids(await (await anon()).search.searchProducts({ q: "enaemlled" }))).toEqual([id]);
    expect(ids(await (await anon()).search.searchProducts({ q: "Enaemlled casserole" }))).toEqual([id]);
  });
});
