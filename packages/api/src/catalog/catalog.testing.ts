import { asPlatform, createDb, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { baseEnv } from "@bazaar/config";
import { TRPCError } from "@trpc/server";
import { Redis } from "ioredis";
import { createCaller } from "../root";
import type { Session } from "../session";
import { quietLogger } from "../testing/quiet-logger";
import { waitForUrls } from "../testing/wait-for";
import { createTRPCContext } from "../trpc";

// A database with two tenants (A on FREE, B on PRO), one store each, staff of every role in A, an owner
// of B and a platform operator, for the catalog's integration tests. Calls go through the real router.

export interface CatalogWorld {
  db: Db;
  redis: Redis;
  database: TestDatabase;
  users: { owner: string; manager: string; staff: string; viewer: string; ownerB: string; operator: string };
  tenants: { a: string; b: string };
  stores: { a: string; b: string; aSlug: string; bSlug: string };
  /** A caller as `userId` in `tenantId` (x-tenant-id), or with no tenant header. */
  as(userId: string | null, tenantId?: string, platformRole?: Session["platformRole"]): Promise<ReturnType<typeof createCaller>>;
  close(): Promise<void>;
}

export async function createCatalogWorld(label: string, poolSize = 6): Promise<CatalogWorld> {
  await waitForUrls(baseEnv().DATABASE_URL, baseEnv().REDIS_URL);
  const database = await createTestDatabase(testDatabaseName(label));
  const db = createDb({ url: database.url, poolSize });
  const redis = new Redis(baseEnv().REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  const logger = quietLogger(label);
  const world = await asPlatform(db, async (tx) => {
    const user = async (key: string, platformRole: Session["platformRole"] = "NONE") =>
      (await tx.user.create({ data: { email: `${key}@${label}.test`, name: key, passwordHash: "unused", platformRole } })).id;
    const users = {
      owner: await user("owner"),
      manager: await user("manager"),
      staff: await user("staff"),
      viewer: await user("viewer"),
      ownerB: await user("owner-b"),
      operator: await user("operator", "OPERATOR"),
    };
    const a = await tx.tenant.create({ data: { slug: `${label}-a`.slice(0, 60), name: "A", type: "SELLER_BUSINESS", plan: "FREE" } });
    const b = await tx.tenant.create({ data: { slug: `${label}-b`.slice(0, 60), name: "B", type: "SELLER_BUSINESS", plan: "PRO" } });
    await tx.membership.createMany({
      data: [
        { tenantId: a.id, userId: users.owner, role: "OWNER" },
        { tenantId: a.id, userId: users.manager, role: "MANAGER" },
        { tenantId: a.id, userId: users.staff, role: "STAFF" },
        { tenantId: a.id, userId: users.viewer, role: "VIEWER" },
        { tenantId: b.id, userId: users.ownerB, role: "OWNER" },
      ],
    });
    const storeA = await tx.store.create({ data: { tenantId: a.id, name: "A shop", slug: "a-shop" } });
    const storeB = await tx.store.create({ data: { tenantId: b.id, name: "B shop", slug: "b-shop" } });
    return { users, tenants: { a: a.id, b: b.id }, stores: { a: storeA.id, b: storeB.id, aSlug: storeA.slug, bSlug: storeB.slug } };
  });
  return {
    db,
    redis,
    database,
    ...world,
    async as(userId, tenantId, platformRole = "NONE") {
      const ctx = await createTRPCContext({ headers: tenantId ? { "x-tenant-id": tenantId } : {}, db, redis, logger, rateLimiter: null });
      return createCaller({ ...ctx, session: userId ? { userId, platformRole } : null });
    },
    async close() {
      redis.disconnect();
      await db.$disconnect();
      await database.drop();
    },
  };
}

/** The TRPCError a call was refused with; fails the test when it succeeded. */
export async function refusal(promise: Promise<unknown>): Promise<TRPCError> {
  const outcome = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(outcome instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${outcome === null ? "success" : String(outcome)}`);
  return outcome;
}

/** Every catalog row and the outbox, to prove a refused call changed nothing. */
export const catalogSnapshot = (db: Db) =>
  asPlatform(db, async (tx) => ({
    products: await tx.product.findMany({ orderBy: { id: "asc" } }),
    options: await tx.productOption.findMany({ orderBy: { id: "asc" } }),
    variants: await tx.productVariant.findMany({ orderBy: { id: "asc" } }),
    images: await tx.productImage.findMany({ orderBy: { id: "asc" } }),
    collections: await tx.collection.findMany({ orderBy: { id: "asc" } }),
    memberships: await tx.productCollection.findMany({ orderBy: [{ productId: "asc" }, { collectionId: "asc" }] }),
    categories: await tx.category.findMany({ orderBy: { id: "asc" } }),
    outbox: await tx.outboxEvent.count(),
  }));

/** Outbox rows of `type`, oldest first, with their envelopes. */
export const outboxOf = (db: Db, type: string) =>
  asPlatform(db, (tx) => tx.outboxEvent.findMany({ where: { type }, orderBy: { position: "asc" }, select: { key: true, tenantId: true, topic: true, envelope: true } }));

export const variant = (sku: string, optionValues: Record<string, string> = {}, priceAmount = 1999, currency = "EUR") => ({ sku, optionValues, priceAmount, currency });
