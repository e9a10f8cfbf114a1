import { randomUUID } from "node:crypto";

import { asPlatform, createDb } from "@bazaar/db";
import { uniqueEmail } from "@bazaar/next-kit/e2e-mail";
import { e2eDatabaseUrls } from "@bazaar/next-kit/playwright";

import { shopperApi } from "./shop-helpers";

// The reviews journey's starting point: a shopper (signed up through the API, account backdated so the
// new-account hold does not fire) with a delivered order of a seeded product. The order is written as
// the checkout saga and the seller's fulfil/deliver leave it (as packages/api/src/reviews/reviews.testing.ts
// does): the storefront e2e config has no payments sandbox or saga worker yet, and reviews begin where
// delivery ends.

export const SHOPPER_PASSWORD = "reviews-e2e-password";
const STORE = "nordic-threads";

const openDb = () => createDb({ url: e2eDatabaseUrls("bazaar_e2e_web").DATABASE_URL, poolSize: 1, applicationName: "e2e-web-reviews" });

export interface DeliveredPurchase {
  email: string;
  product: { id: string; title: string; path: string; storeSlug: string; storeName: string };
  orderLineId: string;
  lineTitle: string;
}

export async function deliveredPurchase(): Promise<DeliveredPurchase> {
  const api = shopperApi();
  const { hits } = await api.search.listByStore.query({ storeSlug: STORE, limit: 24 });
  const hit = hits.find((h) => h.inStock);
  if (!hit) throw new Error(`no product in stock at ${STORE}`);
  const product = await api.search.getProduct.query({ storeSlug: hit.storeSlug, handle: hit.handle });
  const variant = product.variants[0];
  if (!variant) throw new Error(`${product.title} has no variant`);

  const email = uniqueEmail("reviewer");
  await api.identity.register.mutate({ email, password: SHOPPER_PASSWORD, name: "Rita Reviewer" });
  const lineTitle = `${product.title} (${variant.sku})`;
  const orderLineId = randomUUID();
  const db = openDb();
  try {
    await asPlatform(db, async (tx) => {
      const user = await tx.user.update({ where: { email }, data: { createdAt: new Date(Date.now() - 30 * 24 * 3_600_000) } });
      const store = await tx.store.findFirstOrThrow({ where: { slug: STORE }, select: { tenantId: true } });
      const groupId = randomUUID();
      const total = variant.priceAmount;
      await tx.orderGroup.create({
        data: { id: groupId, idempotencyKey: `e2e-review-${groupId}`, cartId: "e2e-cart", shopperUserId: user.id, email, shippingAddress: {}, currency: variant.currency, totalAmount: total, status: "CONFIRMED" },
      });
      await tx.order.create({
        data: {
          id: randomUUID(), tenantId: store.tenantId, groupId, status: "DELIVERED", currency: variant.currency, subtotalAmount: total, shippingAmount: 0, taxAmount: 0, totalAmount: total,
          pricesIncludeTax: false, shippingRateCode: "std", commissionPlan: "PRO", commissionBps: 1_000, commissionAmount: Math.round(total / 10), captureAt: "CONFIRMATION",
          lines: { create: [{ id: orderLineId, variantId: variant.id, sku: variant.sku, title: lineTitle, quantity: 1, unitPriceAmount: total, lineTotalAmount: total }] },
        },
      });
    });
  } finally {
    await db.$disconnect();
  }
  return { email, product: { id: product.id, title: product.title, path: `/p/${product.store.slug}/${product.handle}`, storeSlug: product.store.slug, storeName: product.store.name }, orderLineId, lineTitle };
}
