import { asPlatform } from "@bazaar/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogSnapshot, createCatalogWorld, outboxOf, refusal, variant, type CatalogWorld } from "./catalog.testing";

// The category tree, collections, lists with their filters and cursors, tags, and the storefront reads.

let w: CatalogWorld;
const cat: Record<string, string> = {};
beforeAll(async () => {
  w = await createCatalogWorld("api_catalog_browse");
  const op = await w.as(w.users.operator, undefined, "OPERATOR");
  cat.apparel = (await op.catalog.createCategory({ name: "Apparel", slug: "apparel" })).id;
  cat.shirts = (await op.catalog.createCategory({ name: "Shirts", slug: "shirts", parentId: cat.apparel })).id;
  cat.linen = (await op.catalog.createCategory({ name: "Linen", slug: "linen", parentId: cat.shirts })).id;
  cat.home = (await op.catalog.createCategory({ name: "Home", slug: "home" })).id;
});
afterAll(async () => {
  await w?.close();
});

const operator = () => w.as(w.users.operator, undefined, "OPERATOR");
const staffA = () => w.as(w.users.staff, w.tenants.a);

describe("category tree", () => {
  it("is public, nested and ordered", async () => {
    const tree = await (await w.as(null)).catalog.listCategories();
    expect(tree.map((c) => c.slug)).toEqual(["apparel", "home"]);
    expect(tree[0]!.children[0]).toMatchObject({ slug: "shirts", path: "apparel/shirts", children: [{ slug: "linen", path: "apparel/shirts/linen" }] });
    expect((await outboxOf(w.db, "catalog.category.created")).map((e) => e.tenantId)).toEqual([null, null, null, null]);
  });

  it("moves a subtree in one transaction, rewriting every path below it, and back", async () => {
    const op = await operator();
    const moved = await op.catalog.moveCategory({ categoryId: cat.shirts!, parentId: cat.home! });
    expect(moved.path).toBe("home/shirts");
    const paths = await asPlatform(w.db, (tx) => tx.category.findMany({ orderBy: { path: "asc" }, select: { path: true } }));
    expect(paths.map((p) => p.path)).toEqual(["apparel", "home", "home/shirts", "home/shirts/linen"]);
    const event = (await outboxOf(w.db, "catalog.category.updated")).at(-1)!;
    expect((event.envelope as { payload: unknown }).payload).toMatchObject({ previousPath: "apparel/shirts", movedPaths: 2 });
    await op.catalog.moveCategory({ categoryId: cat.shirts!, parentId: cat.apparel! });
    const renamed = await op.catalog.updateCategory({ categoryId: cat.linen!, slug: "linen-shirts", name: "Linen shirts" });
    expect(renamed).toMatchObject({ path: "apparel/shirts/linen-shirts", name: "Linen shirts" });
  });

  it("refuses a move under its own subtree, an unknown parent, a taken slug and deleting a used or inner category, changing nothing", async () => {
    const op = await operator();
    const product = await (await staffA()).catalog.createProduct({ storeId: w.stores.a, title: "Uses home", categoryId: cat.home!, variants: [variant("HOME-1")] });
    const before = await catalogSnapshot(w.db);
    expect((await refusal(op.catalog.moveCategory({ categoryId: cat.apparel!, parentId: cat.linen! }))).code).toBe("BAD_REQUEST");
    expect((await refusal(op.catalog.moveCategory({ categoryId: cat.apparel!, parentId: cat.apparel! }))).code).toBe("BAD_REQUEST");
    expect((await refusal(op.catalog.moveCategory({ categoryId: cat.apparel!, parentId: crypto.randomUUID() }))).code).toBe("NOT_FOUND");
    expect((await refusal(op.catalog.createCategory({ name: "Again", slug: "apparel" }))).code).toBe("CONFLICT");
    expect((await refusal(op.catalog.deleteCategory({ categoryId: cat.apparel! }))).code).toBe("PRECONDITION_FAILED");
    expect((await refusal(op.catalog.deleteCategory({ categoryId: cat.home! }))).code).toBe("PRECONDITION_FAILED");
    expect(await catalogSnapshot(w.db)).toEqual(before);
    const leaf = await op.catalog.createCategory({ name: "Empty", slug: "empty", parentId: cat.home! });
    expect(await op.catalog.deleteCategory({ categoryId: leaf.id })).toEqual({ deleted: true });
    expect(product.categoryId).toBe(cat.home);
  });
});

describe("lists", () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const s = await staffA();
    const make = async (key: string, title: string, categoryId: string | null, sku: string) => {
      ids[key] = (await s.catalog.createProduct({ storeId: w.stores.a, title, categoryId, variants: [variant(sku)], tags: [key.startsWith("s") ? "shirt" : "other", "all"] })).id;
    };
    await make("s1", "Blue linen shirt", cat.linen!, "SH-BLUE");
    await make("s2", "Red oxford shirt", cat.shirts!, "SH-RED");
    await make("h1", "Teapot", cat.home!, "TEA-1");
    await make("h2", "Mug", null, "MUG-1");
  });

  it("pages through everything exactly once with an opaque cursor", async () => {
    const s = await staffA();
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await s.catalog.listProducts({ limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 20);
    const all = await asPlatform(w.db, (tx) => tx.product.count({ where: { tenantId: w.tenants.a } }));
    expect(seen).toHaveLength(all);
    expect(new Set(seen).size).toBe(all);
    expect((await refusal(s.catalog.listProducts({ cursor: "not-a-cursor" }))).code).toBe("BAD_REQUEST");
    expect((await refusal(s.catalog.listProducts({ limit: 1000 }))).code).toBe("BAD_REQUEST");
  });

  it("filters by category with its descendants, status, text on title or SKU, collection and updatedSince", async () => {
    const s = await staffA();
    const idsOf = async (input: Parameters<typeof s.catalog.listProducts>[0]) => (await s.catalog.listProducts(input)).items.map((p) => p.id).sort();
    expect(await idsOf({ categoryId: cat.apparel! })).toEqual([ids.s1, ids.s2].sort());
    expect(await idsOf({ categoryId: cat.linen! })).toEqual([ids.s1]);
    expect(await idsOf({ q: "OXFORD" })).toEqual([ids.s2]);
    expect(await idsOf({ q: "tea-" })).toEqual([ids.h1]);
    await (await w.as(w.users.manager, w.tenants.a)).catalog.publishProduct({ productId: ids.h2! });
    expect(await idsOf({ status: "PUBLISHED" })).toEqual([ids.h2]);
    const collection = await s.catalog.createCollection({ title: "Kitchen" });
    expect(collection.handle).toBe("kitchen");
    const withMembers = await s.catalog.addProductsToCollection({ collectionId: collection.id, productIds: [ids.h1!, ids.h2!, ids.h1!] });
    expect(withMembers.productCount).toBe(2);
    expect(await idsOf({ collectionId: collection.id })).toEqual([ids.h1, ids.h2].sort());
    const since = new Date();
    await s.catalog.updateProduct({ productId: ids.s2!, version: 1, description: "Now with buttons" });
    expect(await idsOf({ updatedSince: since })).toEqual([ids.s2]);
    expect((await refusal(s.catalog.listProducts({ categoryId: crypto.randomUUID() }))).code).toBe("NOT_FOUND");
  });

  it("lists tags with counts, by prefix and page", async () => {
    const s = await staffA();
    const first = await s.catalog.listTags({ limit: 1 });
    expect(first.items).toEqual([{ tag: "all", products: 4 }]);
    const rest = await s.catalog.listTags({ limit: 10, cursor: first.nextCursor! });
    expect(rest.items.map((t) => t.tag)).toEqual(["other", "shirt"]);
    expect((await s.catalog.listTags({ prefix: "sh" })).items).toEqual([{ tag: "shirt", products: 2 }]);
  });

  it("keeps collections per tenant, paged, and refuses another tenant's or unknown ids", async () => {
    const s = await staffA();
    const summer = await s.catalog.createCollection({ title: "Summer", handle: "summer" });
    const before = await catalogSnapshot(w.db);
    expect((await refusal(s.catalog.createCollection({ title: "Summer again", handle: "summer" }))).code).toBe("CONFLICT");
    expect((await refusal(s.catalog.addProductsToCollection({ collectionId: summer.id, productIds: [crypto.randomUUID()] }))).code).toBe("NOT_FOUND");
    const b = await w.as(w.users.ownerB, w.tenants.b);
    expect((await refusal(b.catalog.updateCollection({ collectionId: summer.id, title: "Taken" }))).code).toBe("NOT_FOUND");
    expect((await refusal(b.catalog.deleteCollection({ collectionId: summer.id }))).code).toBe("NOT_FOUND");
    expect((await b.catalog.listCollections({})).items).toEqual([]);
    expect(await catalogSnapshot(w.db)).toEqual(before);
    const page = await s.catalog.listCollections({ limit: 1 });
    expect(page.items).toHaveLength(1);
    expect((await s.catalog.listCollections({ limit: 1, cursor: page.nextCursor! })).items).toHaveLength(1);
    await s.catalog.addProductsToCollection({ collectionId: summer.id, productIds: [ids.s1!] });
    await s.catalog.removeProductsFromCollection({ collectionId: summer.id, productIds: [ids.s1!] });
    await s.catalog.addProductsToCollection({ collectionId: summer.id, productIds: [ids.s1!] });
    expect(await s.catalog.deleteCollection({ collectionId: summer.id })).toEqual({ deleted: true });
    expect((await s.catalog.getProduct({ productId: ids.s1! })).collectionIds).toEqual([]);
    expect((await outboxOf(w.db, "catalog.collection.deleted")).at(-1)).toMatchObject({ key: summer.id, tenantId: w.tenants.a });
  });
});

describe("storefront reads", () => {
  it("show published products of the store only, by slug or id, handle or id, to anyone", async () => {
    const s = await staffA();
    const draft = await s.catalog.createProduct({ storeId: w.stores.a, title: "Secret draft", variants: [variant("SECRET-1")] });
    const live = await s.catalog.createProduct({ storeId: w.stores.a, title: "Live lamp", variants: [variant("LAMP-1")] });
    await (await w.as(w.users.manager, w.tenants.a)).catalog.publishProduct({ productId: live.id });
    const anon = await w.as(null);
    const bySlug = await anon.catalog.getPublishedProduct({ storeSlug: w.stores.aSlug, handle: "live-lamp" });
    expect(bySlug).toMatchObject({ id: live.id, status: "PUBLISHED" });
    expect(bySlug).not.toHaveProperty("version");
    expect((await anon.catalog.getPublishedProduct({ storeId: w.stores.a, productId: live.id })).handle).toBe("live-lamp");
    expect((await refusal(anon.catalog.getPublishedProduct({ storeSlug: w.stores.aSlug, handle: "secret-draft" }))).code).toBe("NOT_FOUND");
    expect((await refusal(anon.catalog.getPublishedProduct({ storeSlug: w.stores.bSlug, productId: live.id }))).code).toBe("NOT_FOUND");
    expect((await refusal(anon.catalog.getPublishedProduct({ storeSlug: "no-such-store", handle: "live-lamp" }))).code).toBe("NOT_FOUND");
    const listed = await anon.catalog.listPublishedProducts({ storeSlug: w.stores.aSlug });
    expect(listed.items.every((p) => p.status === "PUBLISHED")).toBe(true);
    expect(listed.items.map((p) => p.id)).toContain(live.id);
    expect(listed.items.map((p) => p.id)).not.toContain(draft.id);
    expect((await anon.catalog.listPublishedProducts({ storeSlug: w.stores.bSlug })).items).toEqual([]);
  });

  it("shows nothing of a suspended tenant", async () => {
    await asPlatform(w.db, (tx) => tx.tenant.update({ where: { id: w.tenants.a }, data: { status: "SUSPENDED" } }));
    try {
      expect((await refusal((await w.as(null)).catalog.listPublishedProducts({ storeSlug: w.stores.aSlug }))).code).toBe("NOT_FOUND");
      expect((await refusal((await staffA()).catalog.createProduct({ storeId: w.stores.a, title: "While suspended", variants: [variant("SUSP-1")] }))).code).toBe("PRECONDITION_FAILED");
    } finally {
      await asPlatform(w.db, (tx) => tx.tenant.update({ where: { id: w.tenants.a }, data: { status: "ACTIVE" } }));
    }
  });
});
