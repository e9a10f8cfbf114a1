import { asPlatform, createDb, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { baseEnv } from "@bazaar/config";
import { TRPCClientError } from "@trpc/client";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBazaarClient } from "../client";
import { createApiServer, type ApiServer } from "../http/api-server";
import { quietLogger } from "../testing/quiet-logger";
import { waitForUrls } from "../testing/wait-for";

// The storefront's catalog reads through the typed client over HTTP, as the Next apps and the SDK call them.

let database: TestDatabase;
let db: Db;
let redis: Redis;
let api: ApiServer;
let client: ReturnType<typeof createBazaarClient>;
let productId = "";

beforeAll(async () => {
  await waitForUrls(baseEnv().DATABASE_URL, baseEnv().REDIS_URL);
  database = await createTestDatabase(testDatabaseName("api_catalog_client"));
  db = createDb({ url: database.url, poolSize: 4 });
  redis = new Redis(baseEnv().REDIS_URL, { maxRetriesPerRequest: 1 });
  productId = await asPlatform(db, async (tx) => {
    const tenant = await tx.tenant.create({ data: { slug: "client-shop", name: "Client shop", type: "SELLER_BUSINESS" } });
    const store = await tx.store.create({ data: { tenantId: tenant.id, name: "Client shop", slug: "client-shop" } });
    const category = await tx.category.create({ data: { slug: "lighting", name: "Lighting", path: "lighting" } });
    const product = await tx.product.create({
      data: { tenantId: tenant.id, storeId: store.id, title: "Desk lamp", handle: "desk-lamp", status: "PUBLISHED", publishedAt: new Date(), categoryId: category.id },
    });
    await tx.productVariant.create({ data: { tenantId: tenant.id, productId: product.id, sku: "LAMP-1", title: "Default", priceAmount: 3999, currency: "EUR" } });
    return product.id;
  });
  api = createApiServer({ db, redis, logger: quietLogger(), allowedOrigins: [] });
  const { url } = await api.listen(0);
  client = createBazaarClient({ url: `${url}/trpc` });
});

afterAll(async () => {
  await api?.close(1_000);
  redis?.disconnect();
  await db?.$disconnect();
  await database?.drop();
});

describe("catalog over the typed client", () => {
  it("serves the category tree and published products to anyone, with dates intact", async () => {
    const [lighting] = await client.catalog.listCategories.query();
    expect(lighting).toMatchObject({ slug: "lighting", path: "lighting", children: [] });
    const lamp = await client.catalog.getPublishedProduct.query({ storeSlug: "client-shop", handle: "desk-lamp" });
    expect(lamp).toMatchObject({ id: productId, variants: [{ sku: "LAMP-1", priceAmount: 3999, currency: "EUR" }] });
    expect(lamp.publishedAt).toBeInstanceOf(Date);
    const page = await client.catalog.listPublishedProducts.query({ storeSlug: "client-shop", categoryId: lighting!.id });
    expect(page).toMatchObject({ items: [{ id: productId }], nextCursor: null });
  });

  it("answers an unknown product and a malformed input with typed errors", async () => {
    const missing = await client.catalog.getPublishedProduct.query({ storeSlug: "client-shop", handle: "no-such-thing" }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(TRPCClientError);
    expect((missing as TRPCClientError<never>).data).toMatchObject({ code: "NOT_FOUND", httpStatus: 404, details: { handle: "no-such-thing" } });
    const malformed = await client.catalog.listPublishedProducts.query({ storeSlug: "client-shop", limit: 2.5 }).catch((e: unknown) => e);
    expect((malformed as TRPCClientError<never>).data).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400 });
  });
});
