// Fixtures for the inventory integration tests and the benchmark: a fresh database, tenants with a
// store, a product and variants inserted directly (the catalog service is another domain's), staff
// of each role, and in-process callers through the real router and procedure builders.
import { randomBytes } from "node:crypto";
import { asPlatform, createDb, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { baseEnv } from "@bazaar/config";
import { Redis } from "ioredis";
import { createCaller } from "../root";
import type { TenantRole } from "../roles";
import type { Session } from "../session";
import { quietLogger } from "../testing/quiet-logger";
import { waitForUrls } from "../testing/wait-for";
import { createTRPCContext } from "../trpc";

export interface SellerFixture {
  tenantId: string;
  productId: string;
  variantIds: string[];
  users: Record<TenantRole, string>;
  emails: Record<TenantRole, string>;
}

export interface InventoryHarness {
  db: Db;
  redis: Redis;
  database: TestDatabase;
  runId: string;
  seller(label: string, variants: number): Promise<SellerFixture>;
  caller(userId: string | null, tenantId?: string, platformRole?: Session["platformRole"]): Promise<ReturnType<typeof createCaller>>;
  close(): Promise<void>;
}

const ROLES: TenantRole[] = ["OWNER", "ADMIN", "MANAGER", "STAFF", "VIEWER"];

export async function startInventoryHarness(suffix: string, options: { poolSize?: number } = {}): Promise<InventoryHarness> {
  await waitForUrls(baseEnv().DATABASE_URL, baseEnv().REDIS_URL);
  const runId = randomBytes(4).toString("hex");
  const database = await createTestDatabase(testDatabaseName(suffix));
  const db = createDb({ url: database.url, poolSize: options.poolSize ?? 6, applicationName: `inventory-${suffix}` });
  const redis = new Redis(baseEnv().REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true, keyPrefix: `test:${suffix}:${runId}:` });
  const logger = quietLogger(`inventory-${suffix}`);
  return {
    db,
    redis,
    database,
    runId,
    seller: (label, variants) =>
      asPlatform(db, async (tx) => {
        const tenant = await tx.tenant.create({ data: { slug: `${label}-${runId}`, name: `Seller ${label}`, type: "SELLER_BUSINESS", plan: "PRO" } });
        const store = await tx.store.create({ data: { tenantId: tenant.id, name: `Store ${label}`, slug: `${label}-${runId}` } });
        const product = await tx.product.create({ data: { tenantId: tenant.id, storeId: store.id, title: `Tee ${label}`, handle: `tee-${label}` } });
        const variantIds: string[] = [];
        for (let i = 0; i < variants; i++) {
          const v = await tx.productVariant.create({
            data: { tenantId: tenant.id, productId: product.id, sku: `TEE-${label.toUpperCase()}-${i}`, title: `Size ${i}`, priceAmount: 1_500 + i, currency: "EUR", position: i },
          });
          variantIds.push(v.id);
        }
        const users = {} as Record<TenantRole, string>;
        const emails = {} as Record<TenantRole, string>;
        for (const role of ROLES) {
          const email = `${role.toLowerCase()}.${label}.${runId}@inventory.test`;
          const user = await tx.user.create({ data: { email, name: `${role} ${label}`, passwordHash: "unused" } });
          await tx.membership.create({ data: { tenantId: tenant.id, userId: user.id, role } });
          users[role] = user.id;
          emails[role] = email;
        }
        return { tenantId: tenant.id, productId: product.id, variantIds, users, emails };
      }),
    async caller(userId, tenantId, platformRole = "NONE") {
      const headers: Record<string, string> = tenantId ? { "x-tenant-id": tenantId } : {};
      const ctx = await createTRPCContext({ headers, db, redis, logger, rateLimiter: null });
      return createCaller({ ...ctx, session: userId ? { userId, platformRole } : null });
    },
    async close() {
      redis.disconnect();
      await db.$disconnect();
      await database.drop();
    },
  };
}

/** The TRPCError a call failed with (identity's helper, under the name these tests read best with). */
export { trpcErrorOf as refusal } from "../identity/identity.testing";

/** Everything a refused call must leave untouched. */
export const stockSnapshot = (db: Db) =>
  asPlatform(db, async (tx) => ({
    locations: await tx.stockLocation.findMany({ orderBy: { id: "asc" } }),
    levels: await tx.stockLevel.findMany({ orderBy: { id: "asc" } }),
    movements: await tx.stockMovement.count(),
    reservations: await tx.stockReservation.count(),
    groups: await tx.stockReservationGroup.count(),
    thresholds: await tx.productVariant.findMany({ orderBy: { id: "asc" }, select: { id: true, lowStockThreshold: true } }),
    outbox: await tx.outboxEvent.count(),
  }));
