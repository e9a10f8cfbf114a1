// Fixtures for the reviews integration tests (and the workers' ratings tests): the inventory harness's
// sellers, shoppers with an account of a chosen age, orders inserted as the checkout would leave them
// (the checkout is another domain's, and its saga needs the payment sandbox), and callers with a
// client address and a pinned clock.
import { randomUUID } from "node:crypto";
import { asPlatform, type Db } from "@bazaar/db";
import { createCaller } from "../root";
import type { Session } from "../session";
import { startInventoryHarness, type InventoryHarness, type SellerFixture } from "../inventory/inventory.testing";
export type { SellerFixture };
import { quietLogger } from "../testing/quiet-logger";
import { createTRPCContext } from "../trpc";

export interface ReviewsWorld extends InventoryHarness {
  shopper(label: string, options?: { ageMinutes?: number }): Promise<string>;
  order(shopperId: string, seller: SellerFixture, variantIds: string[], status?: "DELIVERED" | "PAID" | "FULFILLED"): Promise<{ orderId: string; lineIds: string[] }>;
  as(userId: string | null, options?: { tenantId?: string; platformRole?: Session["platformRole"]; address?: string; now?: Date }): Promise<ReturnType<typeof createCaller>>;
  /** A seller whose reviews publish at once (unless held). */
  autoPublishingSeller(label: string, variants: number): Promise<SellerFixture>;
  /** A new shopper's delivered order of `variantId` and their review of it, through the router. */
  review(seller: SellerFixture, variantId: string, label: string, fields?: { rating?: number; title?: string; body?: string }): Promise<{ id: string; status: string; authorUserId: string; version: number }>;
}

const DAY_MINUTES = 24 * 60;

export async function startReviewsWorld(suffix: string): Promise<ReviewsWorld> {
  const harness = await startInventoryHarness(suffix);
  const logger = quietLogger(`reviews-${suffix}`);
  let n = 0;
  const world: ReviewsWorld = {
    ...harness,
    shopper: (label, options = {}) => insertShopper(harness.db, `${label}.${harness.runId}.${++n}`, options.ageMinutes),
    order: (shopperId, seller, variantIds, status = "DELIVERED") => insertOrder(harness.db, shopperId, seller.tenantId, variantIds, status),
    async as(userId, options = {}) {
      const headers: Record<string, string> = options.tenantId ? { "x-tenant-id": options.tenantId } : {};
      const now = options.now;
      const ctx = await createTRPCContext({
        headers,
        db: harness.db,
        redis: harness.redis,
        logger,
        rateLimiter: null,
        peerAddress: options.address ?? null,
        ...(now ? { clock: () => now } : {}),
      });
      return createCaller({ ...ctx, session: userId ? { userId, platformRole: options.platformRole ?? "NONE" } : null });
    },
    async autoPublishingSeller(label, variants) {
      const seller = await harness.seller(label, variants);
      await asPlatform(harness.db, (tx) => tx.reviewSettings.create({ data: { tenantId: seller.tenantId, autoPublish: true } }));
      return seller;
    },
    async review(seller, variantId, label, fields = {}) {
      const shopperId = await world.shopper(label);
      const { lineIds } = await world.order(shopperId, seller, [variantId]);
      const c = await world.as(shopperId);
      return c.reviews.createReview({ orderLineId: lineIds[0]!, rating: fields.rating ?? 4, title: fields.title ?? "Good", body: fields.body ?? "As described." });
    },
  };
  return world;
}

/** A shopper account created `ageMinutes` ago (default 30 days: old enough for the new-account hold). */
export function insertShopper(db: Db, label: string, ageMinutes = 30 * DAY_MINUTES): Promise<string> {
  return asPlatform(db, async (tx) => {
    const createdAt = new Date(Date.now() - ageMinutes * 60_000);
    return (await tx.user.create({ data: { email: `${label}@shopper.test`, name: `Shopper ${label}`, passwordHash: "unused", createdAt } })).id;
  });
}

/** One order of `tenantId` for `shopperId` with a line per variant, in `status`, as the checkout leaves it. */
export function insertOrder(db: Db, shopperId: string, tenantId: string, variantIds: string[], status: "DELIVERED" | "PAID" | "FULFILLED" = "DELIVERED") {
  return asPlatform(db, async (tx) => {
    const groupId = randomUUID();
    const orderId = randomUUID();
    const lineIds = variantIds.map(() => randomUUID());
    const total = 1_000 * variantIds.length;
    await tx.orderGroup.create({
      data: { id: groupId, idempotencyKey: `rev-${groupId}`, cartId: "cart", shopperUserId: shopperId, email: "s@shopper.test", shippingAddress: {}, currency: "EUR", totalAmount: total, status: "CONFIRMED" },
    });
    await tx.order.create({
      data: {
        id: orderId, tenantId, groupId, status, currency: "EUR", subtotalAmount: total, shippingAmount: 0, taxAmount: 0, totalAmount: total,
        pricesIncludeTax: false, shippingRateCode: "std", commissionPlan: "PRO", commissionBps: 1_000, commissionAmount: total / 10, captureAt: "CONFIRMATION",
        lines: { create: variantIds.map((variantId, i) => ({ id: lineIds[i]!, variantId, sku: `SKU-${i}`, title: `Line ${i}`, quantity: 1, unitPriceAmount: 1_000, lineTotalAmount: 1_000 })) },
      },
    });
    return { orderId, lineIds };
  });
}

/** Everything a refused review call must leave as it was. */
export const reviewsSnapshot = (db: Db) =>
  asPlatform(db, async (tx) => ({
    reviews: await tx.review.findMany({ orderBy: { id: "asc" } }),
    photos: await tx.reviewPhoto.count(),
    votes: await tx.reviewVote.count(),
    reports: await tx.reviewReport.count(),
    outbox: await tx.outboxEvent.count(),
  }));

/** The outbox events of reviews.events, oldest first. */
export const reviewEvents = (db: Db) =>
  asPlatform(db, async (tx) =>
    (await tx.outboxEvent.findMany({ where: { topic: "reviews.events" }, orderBy: { position: "asc" }, select: { type: true, envelope: true } })).map((e) => ({
      type: e.type,
      payload: (e.envelope as { payload: Record<string, unknown> }).payload,
    })),
  );
