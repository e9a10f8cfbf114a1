import { randomUUID } from "node:crypto";

import { createBazaarClient } from "@bazaar/api/client";
import { asPlatform, createDb } from "@bazaar/db";
import { uniqueEmail } from "@bazaar/next-kit/e2e-mail";
import { e2eDatabaseUrls } from "@bazaar/next-kit/playwright";
import { expect } from "@playwright/test";

import { BASE_URL, sellerApi, shopperApi } from "./shop-helpers";

// The reviews journey's starting point, reached the way a real one is: a shopper signs up, buys a
// seeded product through the checkout (cart → placeOrder with the sandbox's test card → the saga
// confirms it), and the seller ships and marks it delivered through the API. Only the account's age is
// written directly (backdated a month), so the new-account hold of the moderation rules does not fire.

export const SHOPPER_PASSWORD = "reviews-e2e-password";
const STORE = "nordic-threads";
const SELLER_OWNER = `owner@${STORE}.local`;

const openDb = () => createDb({ url: e2eDatabaseUrls("bazaar_e2e_web").DATABASE_URL, poolSize: 1, applicationName: "e2e-web-reviews" });

export interface DeliveredPurchase {
  email: string;
  groupId: string;
  product: { id: string; title: string; path: string; storeSlug: string; storeName: string };
  orderLineId: string;
  lineTitle: string;
}

async function backdateAccount(email: string): Promise<void> {
  const db = openDb();
  try {
    await asPlatform(db, (tx) => tx.user.update({ where: { email }, data: { createdAt: new Date(Date.now() - 30 * 24 * 3_600_000) } }));
  } finally {
    await db.$disconnect();
  }
}

export async function deliveredPurchase(): Promise<DeliveredPurchase> {
  const api = shopperApi();
  const { hits } = await api.search.listByStore.query({ storeSlug: STORE, limit: 24 });
  const hit = hits.find((h) => h.inStock);
  if (!hit) throw new Error(`no product in stock at ${STORE}`);
  const product = await api.search.getProduct.query({ storeSlug: hit.storeSlug, handle: hit.handle });
  const variant = product.variants.find((v) => v.available > 0) ?? product.variants[0];
  if (!variant) throw new Error(`${product.title} has no variant`);

  const email = uniqueEmail("reviewer");
  await api.identity.register.mutate({ email, password: SHOPPER_PASSWORD, name: "Rita Reviewer" });
  await backdateAccount(email);
  const login = await api.identity.login.mutate({ email, password: SHOPPER_PASSWORD });
  if (login.status !== "authenticated") throw new Error(`${email} needs a second factor`);
  const shopper = createBazaarClient({ url: `${BASE_URL}/api/trpc`, headers: { authorization: `Bearer ${login.accessToken}` } });

  // The cart, priced with the seeded shipping rate and tax region, then the checkout.
  const cart = await shopper.cart.create.mutate();
  const ref = { cartId: cart.cartId, token: cart.token };
  let version = (await shopper.cart.setLine.mutate({ ...ref, expectedVersion: cart.version, variantId: variant.id, quantity: 1 })).version;
  version = (await shopper.cart.setRegion.mutate({ ...ref, expectedVersion: version, region: "DE" })).version;
  const seller = await sellerApi(SELLER_OWNER);
  const [sellerTenant] = await seller.tenants.listMine.query();
  if (!sellerTenant) throw new Error(`${SELLER_OWNER} has no tenant`);
  await shopper.cart.setShipping.mutate({ ...ref, expectedVersion: version, tenantId: sellerTenant.id, rateCode: "standard" });
  const placed = await shopper.checkout.placeOrder.mutate({
    ...ref,
    idempotencyKey: randomUUID(),
    shippingAddress: { name: "Rita Reviewer", line1: "Hauptstraße 1", city: "Berlin", postalCode: "10115", country: "DE" },
    paymentMethod: "pm_card_visa",
  });
  await expect
    .poll(async () => (await shopper.checkout.getOrderGroup.query({ groupId: placed.groupId })).status, { message: "the checkout saga confirms the order", timeout: 60_000 })
    .toBe("CONFIRMED");

  // The seller ships it and marks it delivered: only then may the shopper review it.
  const order = placed.orders[0];
  if (!order) throw new Error("the checkout placed no order");
  await seller.orders.fulfil.mutate({ orderId: order.orderId, trackingNumber: `RV-${Date.now().toString(36).toUpperCase()}` });
  await seller.orders.markDelivered.mutate({ orderId: order.orderId });

  const reviewable = await shopper.reviews.myReviewable.query();
  const line = reviewable.flatMap((o) => o.lines).find((l) => l.variantId === variant.id);
  if (!line) throw new Error("the delivered line is not reviewable");
  return {
    email,
    groupId: placed.groupId,
    product: { id: product.id, title: product.title, path: `/p/${product.store.slug}/${product.handle}`, storeSlug: product.store.slug, storeName: product.store.name },
    orderLineId: line.orderLineId,
    lineTitle: line.title,
  };
}
