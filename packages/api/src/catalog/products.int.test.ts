import { asPlatform } from "@bazaar/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogSnapshot, createCatalogWorld, outboxOf, refusal, variant, type CatalogWorld } from "./catalog.testing";

// Products, variants, options, images and status through the real router and PostgreSQL: each refusal
// is typed and leaves every catalog row and the outbox as they were.

let w: CatalogWorld;
beforeAll(async () => {
  w = await createCatalogWorld("api_catalog_products", 12);
});
afterAll(async () => {
  await w?.close();
});

const staffA = () => w.as(w.users.staff, w.tenants.a);
const managerA = () => w.as(w.users.manager, w.tenants.a);
let n = 0;
const shirt = (overrides: Record<string, unknown> = {}) => {
  n += 1;
  return {
    storeId: w.stores.a,
    title: `Linen shirt ${n}`,
    options: [
      { name: "Size", values: ["S", "M"] },
      { name: "Colour", values: ["Red", "Blue"] },
    ],
    variants: [
      variant(`LS-${n}-S-R`, { Size: "S", Colour: "Red" }),
      variant(`LS-${n}-M-R`, { Size: "M", Colour: "Red" }),
      variant(`LS-${n}-S-B`, { Size: "S", Colour: "Blue" }, 2499),
      variant(`LS-${n}-M-B`, { Size: "M", Colour: "Blue" }, 2499),
    ],
    tags: ["Summer", "linen", "summer"],
    ...overrides,
  };
};

describe("createProduct", () => {
  it("creates the product with its options and variants and its event in the same transaction", async () => {
    const before = (await outboxOf(w.db, "catalog.product.created")).length;
    const product = await (await staffA()).catalog.createProduct(shirt({ handle: "linen-shirt" }));
    expect(product).toMatchObject({ handle: "linen-shirt", status: "DRAFT", version: 1, tags: ["summer", "linen"], tenantId: w.tenants.a });
    expect(product.options).toEqual([
      { name: "Size", values: ["S", "M"] },
      { name: "Colour", values: ["Red", "Blue"] },
    ]);
    expect(product.variants.map((v) => [v.title, v.priceAmount, v.currency])).toEqual([
      ["S / Red", 1999, "EUR"],
      ["M / Red", 1999, "EUR"],
      ["S / Blue", 2499, "EUR"],
      ["M / Blue", 2499, "EUR"],
    ]);
    const events = await outboxOf(w.db, "catalog.product.created");
    expect(events).toHaveLength(before + 1);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ key: product.id, tenantId: w.tenants.a, topic: "catalog.events" });
    expect((last.envelope as { payload: { product: { variants: unknown[] }; actorId: string } }).payload).toMatchObject({ actorId: w.users.staff });
    expect((last.envelope as { payload: { product: { variants: unknown[] } } }).payload.product.variants).toHaveLength(4);
  });

  it("derives the handle from the title when none is given", async () => {
    const product = await (await staffA()).catalog.createProduct(shirt({ title: "Café Crème Mug" }));
    expect(product.handle).toBe("cafe-creme-mug");
  });

  it.each([
    ["a price as a float", { variants: [variant("F-1", { Size: "S", Colour: "Red" }, 12.5)] }, "BAD_REQUEST"],
    ["a negative price", { variants: [variant("F-2", { Size: "S", Colour: "Red" }, -1)] }, "BAD_REQUEST"],
    ["an unknown currency", { variants: [variant("F-3", { Size: "S", Colour: "Red" }, 100, "ABC")] }, "BAD_REQUEST"],
    ["a value that is not an option value", { variants: [variant("F-4", { Size: "XL", Colour: "Red" })] }, "BAD_REQUEST"],
    ["a missing option value", { variants: [variant("F-5", { Size: "S" })] }, "BAD_REQUEST"],
    ["two variants alike", { variants: [variant("F-6", { Size: "S", Colour: "Red" }), variant("F-7", { Size: "S", Colour: "Red" })] }, "BAD_REQUEST"],
    ["a duplicate SKU in the call", { variants: [variant("DUP", { Size: "S", Colour: "Red" }), variant("DUP", { Size: "M", Colour: "Red" })] }, "CONFLICT"],
    ["a SKU the tenant already uses", { variants: [variant("LS-1-S-R", { Size: "S", Colour: "Red" })] }, "CONFLICT"],
    ["a handle the tenant already uses", { handle: "linen-shirt" }, "CONFLICT"],
    ["an unknown store", { storeId: "00000000-0000-4000-8000-000000000000" }, "NOT_FOUND"],
    ["another tenant's store", { storeId: "store-b" }, "NOT_FOUND"],
    ["an unknown category", { categoryId: "00000000-0000-4000-8000-000000000000" }, "NOT_FOUND"],
    ["no variants", { variants: [] }, "BAD_REQUEST"],
    ["a tag with a comma", { tags: ["a,b"] }, "BAD_REQUEST"],
  ])("refuses %s and changes nothing", async (_what, overrides, code) => {
    const input = shirt(overrides);
    if (input.storeId === "store-b") input.storeId = w.stores.b;
    const before = await catalogSnapshot(w.db);
    const error = await refusal((await staffA()).catalog.createProduct(input));
    expect(error.code).toBe(code);
    expect(await catalogSnapshot(w.db)).toEqual(before);
  });

  it("names the clashing SKU in the conflict", async () => {
    const error = await refusal((await staffA()).catalog.createProduct(shirt({ variants: [variant("LS-1-M-R", { Size: "S", Colour: "Red" })] })));
    expect(error.message).toContain("LS-1-M-R");
    expect((error.cause as { details?: unknown }).details).toEqual({ skus: ["LS-1-M-R"] });
  });
});

describe("updateProduct with optimistic concurrency", () => {
  it("applies a change at the version read and refuses a stale one with the current version", async () => {
    const caller = await staffA();
    const p = await caller.catalog.createProduct(shirt());
    const updated = await caller.catalog.updateProduct({ productId: p.id, version: 1, title: "Renamed", tags: ["a"] });
    expect(updated).toMatchObject({ version: 2, title: "Renamed", tags: ["a"] });
    const before = await catalogSnapshot(w.db);
    const stale = await refusal(caller.catalog.updateProduct({ productId: p.id, version: 1, title: "Lost update" }));
    expect(stale.code).toBe("CONFLICT");
    expect((stale.cause as { details?: unknown }).details).toMatchObject({ expectedVersion: 1, currentVersion: 2 });
    expect(await catalogSnapshot(w.db)).toEqual(before);
    const events = await outboxOf(w.db, "catalog.product.updated");
    expect((events.at(-1)!.envelope as { payload: { changes: string[] } }).payload.changes).toEqual(["title", "tags"]);
  });

  it("lets exactly one of several concurrent editors of the same version win", async () => {
    const p = await (await staffA()).catalog.createProduct(shirt());
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, async (_, i) => (await staffA()).catalog.updateProduct({ productId: p.id, version: 1, title: `Editor ${i}` })),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === "rejected").map((o) => (o as PromiseRejectedResult).reason.code)).toEqual(Array(5).fill("CONFLICT"));
    expect((await (await staffA()).catalog.getProduct({ productId: p.id })).version).toBe(2);
  });
});

describe("variants, options and images", () => {
  it("adds, updates and removes a variant, each with its event and a version bump", async () => {
    const caller = await staffA();
    const p = await caller.catalog.createProduct(shirt({ options: [{ name: "Size", values: ["S", "M", "L"] }], variants: [variant("VAR-S", { Size: "S" })] }));
    const added = await caller.catalog.addVariant({ productId: p.id, variant: variant("VAR-L", { Size: "L" }, 3000) });
    expect(added.variants.map((v) => v.sku)).toEqual(["VAR-S", "VAR-L"]);
    const id = added.variants[1]!.id;
    const updated = await caller.catalog.updateVariant({ variantId: id, priceAmount: 3500, optionValues: { Size: "M" }, version: 2 });
    expect(updated.variants[1]).toMatchObject({ priceAmount: 3500, title: "M" });
    const removed = await caller.catalog.removeVariant({ variantId: id });
    expect(removed).toMatchObject({ version: 4 });
    expect(removed.variants).toHaveLength(1);
    for (const type of ["catalog.variant.created", "catalog.variant.updated", "catalog.variant.deleted"]) {
      expect((await outboxOf(w.db, type)).at(-1)).toMatchObject({ key: p.id });
    }
    const before = await catalogSnapshot(w.db);
    expect((await refusal(caller.catalog.addVariant({ productId: p.id, variant: variant("VAR-S2", { Size: "S" }) }))).code).toBe("BAD_REQUEST");
    expect((await refusal(caller.catalog.updateVariant({ variantId: removed.variants[0]!.id, priceAmount: 9.99 }))).code).toBe("BAD_REQUEST");
    expect((await refusal(caller.catalog.updateVariant({ variantId: removed.variants[0]!.id, version: 1, priceAmount: 1 }))).code).toBe("CONFLICT");
    expect(await catalogSnapshot(w.db)).toEqual(before);
  });

  it("adds an option, filling existing variants, and refuses options that would merge variants", async () => {
    const caller = await staffA();
    const p = await caller.catalog.createProduct(shirt({ options: [{ name: "Size", values: ["S", "M"] }], variants: [variant("OPT-S", { Size: "S" }), variant("OPT-M", { Size: "M" })] }));
    const widened = await caller.catalog.setOptions({
      productId: p.id,
      options: [{ name: "Size", values: ["S", "M"] }, { name: "Fit", values: ["Regular", "Slim"] }],
      fill: { Fit: "Regular" },
    });
    expect(widened.variants.map((v) => v.title)).toEqual(["S / Regular", "M / Regular"]);
    const before = await catalogSnapshot(w.db);
    const merged = await refusal(caller.catalog.setOptions({ productId: p.id, options: [{ name: "Fit", values: ["Regular"] }] }));
    expect(merged.code).toBe("BAD_REQUEST");
    expect(await catalogSnapshot(w.db)).toEqual(before);
  });

  it("sets and reorders images as an ordered list of the tenant's processed assets", async () => {
    const caller = await staffA();
    const p = await caller.catalog.createProduct(shirt());
    const asset = (tenantId: string, status: "READY" | "PENDING") =>
      asPlatform(w.db, async (tx) =>
        (
          await tx.mediaAsset.create({
            data: {
              tenantId,
              ownerKind: "product",
              status,
              originalKey: `media/${tenantId}/${crypto.randomUUID()}/original`,
              declaredContentType: "image/png",
              declaredSize: 10,
              createdBy: w.users.staff,
              ...(status === "READY" ? { contentType: "image/png", size: 10, width: 1, height: 1, renditions: {}, processedAt: new Date() } : {}),
            },
          })
        ).id,
      );
    const [a, b, pending, ofB] = [await asset(w.tenants.a, "READY"), await asset(w.tenants.a, "READY"), await asset(w.tenants.a, "PENDING"), await asset(w.tenants.b, "READY")];
    await caller.catalog.setImages({ productId: p.id, images: [{ assetId: a, alt: "front" }, { assetId: b, alt: "back" }] });
    const reordered = await caller.catalog.setImages({ productId: p.id, images: [{ assetId: b, alt: "back" }, { assetId: a, alt: "front" }] });
    expect(reordered.images).toEqual([
      { assetId: b, alt: "back", position: 0 },
      { assetId: a, alt: "front", position: 1 },
    ]);
    const before = await catalogSnapshot(w.db);
    expect((await refusal(caller.catalog.setImages({ productId: p.id, images: [{ assetId: a, alt: "" }, { assetId: a, alt: "" }] }))).code).toBe("BAD_REQUEST");
    expect((await refusal(caller.catalog.setImages({ productId: p.id, images: [{ assetId: a, alt: "" }, { assetId: pending, alt: "" }] }))).code).toBe("PRECONDITION_FAILED");
    expect((await refusal(caller.catalog.setImages({ productId: p.id, images: [{ assetId: ofB, alt: "" }] }))).code).toBe("NOT_FOUND");
    expect((await refusal(caller.catalog.setImages({ productId: p.id, images: [{ assetId: crypto.randomUUID(), alt: "" }] }))).code).toBe("NOT_FOUND");
    expect(await catalogSnapshot(w.db)).toEqual(before);
  });
});

describe("status", () => {
  it("publishes, unpublishes and archives along the legal transitions only", async () => {
    const p = await (await staffA()).catalog.createProduct(shirt());
    const manager = await managerA();
    const published = await manager.catalog.publishProduct({ productId: p.id });
    expect(published).toMatchObject({ status: "PUBLISHED", version: 2 });
    expect(published.publishedAt).toBeInstanceOf(Date);
    expect((await outboxOf(w.db, "catalog.product.published")).at(-1)).toMatchObject({ key: p.id });
    expect(await manager.catalog.publishProduct({ productId: p.id })).toMatchObject({ version: 2 });
    const archived = await manager.catalog.archiveProduct({ productId: p.id });
    expect(archived.status).toBe("ARCHIVED");
    const before = await catalogSnapshot(w.db);
    expect((await refusal(manager.catalog.publishProduct({ productId: p.id }))).code).toBe("PRECONDITION_FAILED");
    expect(await catalogSnapshot(w.db)).toEqual(before);
    expect((await manager.catalog.unpublishProduct({ productId: p.id })).status).toBe("DRAFT");
  });

  it("refuses removing the last variant of a published product", async () => {
    const p = await (await staffA()).catalog.createProduct(shirt({ options: [], variants: [variant("ONE-ONLY")] }));
    await (await managerA()).catalog.publishProduct({ productId: p.id });
    expect((await refusal((await staffA()).catalog.removeVariant({ variantId: p.variants[0]!.id }))).code).toBe("PRECONDITION_FAILED");
  });

  it("refuses removing a variant that stock records still reference, as CONFLICT naming the SKU", async () => {
    const p = await (await staffA()).catalog.createProduct(shirt({ options: [{ name: "Size", values: ["S", "M"] }], variants: [variant("STOCKED-S", { Size: "S" }), variant("STOCKED-M", { Size: "M" })] }));
    await asPlatform(w.db, async (tx) => {
      const location = await tx.stockLocation.create({ data: { tenantId: w.tenants.a, name: "Depot", code: "depot" } });
      await tx.stockLevel.create({ data: { tenantId: w.tenants.a, variantId: p.variants[0]!.id, locationId: location.id, onHand: 3 } });
    });
    const before = await catalogSnapshot(w.db);
    const error = await refusal((await staffA()).catalog.removeVariant({ variantId: p.variants[0]!.id }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain("STOCKED-S");
    expect(await catalogSnapshot(w.db)).toEqual(before);
  });

  it("bulk-publishes all or nothing", async () => {
    const caller = await staffA();
    const [p1, p2, p3] = [await caller.catalog.createProduct(shirt()), await caller.catalog.createProduct(shirt()), await caller.catalog.createProduct(shirt())];
    const manager = await managerA();
    await manager.catalog.archiveProduct({ productId: p3.id });
    const before = await catalogSnapshot(w.db);
    const refused = await refusal(manager.catalog.bulkPublishProducts({ productIds: [p1.id, p2.id, p3.id] }));
    expect(refused.code).toBe("PRECONDITION_FAILED");
    expect((refused.cause as { details?: { refused: { productId: string }[] } }).details?.refused.map((r) => r.productId)).toEqual([p3.id]);
    const unknown = await refusal(manager.catalog.bulkPublishProducts({ productIds: [p1.id, crypto.randomUUID()] }));
    expect(unknown.code).toBe("NOT_FOUND");
    expect(await catalogSnapshot(w.db)).toEqual(before);
    const { products } = await manager.catalog.bulkPublishProducts({ productIds: [p1.id, p2.id] });
    expect(products.map((p) => p.status)).toEqual(["PUBLISHED", "PUBLISHED"]);
    const archived = await manager.catalog.bulkArchiveProducts({ productIds: [p3.id, p1.id, p2.id] });
    expect(archived.products.map((p) => [p.id, p.status])).toEqual([p3.id, p1.id, p2.id].map((id) => [id, "ARCHIVED"]));
  });
});

describe("another tenant's products", () => {
  it("are NOT_FOUND to tenant B for every read and write, even by id, and stay unchanged", async () => {
    const p = await (await staffA()).catalog.createProduct(shirt());
    const b = await w.as(w.users.ownerB, w.tenants.b);
    const collection = await b.catalog.createCollection({ title: "B picks" });
    const before = await catalogSnapshot(w.db);
    const attempts: (() => Promise<unknown>)[] = [
      () => b.catalog.getProduct({ productId: p.id }),
      () => b.catalog.updateProduct({ productId: p.id, version: 1, title: "Mine now" }),
      () => b.catalog.addVariant({ productId: p.id, variant: variant("B-STEAL") }),
      () => b.catalog.updateVariant({ variantId: p.variants[0]!.id, priceAmount: 1 }),
      () => b.catalog.removeVariant({ variantId: p.variants[0]!.id }),
      () => b.catalog.setOptions({ productId: p.id, options: [] }),
      () => b.catalog.setImages({ productId: p.id, images: [] }),
      () => b.catalog.publishProduct({ productId: p.id }),
      () => b.catalog.bulkArchiveProducts({ productIds: [p.id] }),
      () => b.catalog.addProductsToCollection({ collectionId: collection.id, productIds: [p.id] }),
    ];
    for (const attempt of attempts) expect((await refusal(attempt())).code).toBe("NOT_FOUND");
    expect((await b.catalog.listProducts({})).items).toEqual([]);
    expect(await catalogSnapshot(w.db)).toEqual(before);
  });

  it("keeps SKUs per tenant: B may use a SKU A has", async () => {
    const b = await w.as(w.users.ownerB, w.tenants.b);
    const p = await b.catalog.createProduct({ storeId: w.stores.b, title: "B thing", variants: [variant("LS-1-S-R")] });
    expect(p.variants[0]!.sku).toBe("LS-1-S-R");
  });
});

describe("plan limit", () => {
  it("lets exactly the remaining room through when many creates race at the limit", async () => {
    const used = await asPlatform(w.db, (tx) => tx.product.count({ where: { tenantId: w.tenants.a } }));
    const limit = 50; // FREE
    const room = 3;
    // Fill the tenant up to `room` below its limit directly, then race.
    await asPlatform(w.db, async (tx) => {
      for (let i = 0; i < limit - room - used; i++) {
        await tx.product.create({ data: { tenantId: w.tenants.a, storeId: w.stores.a, title: `Filler ${i}`, handle: `filler-${i}` } });
      }
    });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, async (_, i) =>
        (await staffA()).catalog.createProduct({ storeId: w.stores.a, title: `Racer ${i}`, variants: [variant(`RACE-${i}`)] }),
      ),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(room);
    const reasons = outcomes.filter((o) => o.status === "rejected").map((o) => (o as PromiseRejectedResult).reason);
    expect(reasons.map((r) => r.code)).toEqual(Array(10 - room).fill("PRECONDITION_FAILED"));
    expect(reasons[0].cause.details.limit).toMatchObject({ resource: "products", plan: "FREE", limit: 50, used: 50 });
    expect(await asPlatform(w.db, (tx) => tx.product.count({ where: { tenantId: w.tenants.a } }))).toBe(limit);
    const usage = await (await w.as(w.users.owner, w.tenants.a)).tenants.getUsage();
    expect(usage.usage.products).toEqual({ used: 50, limit: 50, tracked: true });
  });
});
