import { asPlatform } from "@bazaar/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInventoryHarness, refusal, type InventoryHarness, type SellerFixture } from "../inventory/inventory.testing";
import { createLocation, receiveStock } from "../inventory/inventory.service";
import { acquireCartLock, cartKey, releaseCartLock } from "./cart.store";

// Carts in the real Redis, priced from the real PostgreSQL, through the real router.

let h: InventoryHarness;
let a: SellerFixture;
let b: SellerFixture;
let hidden: SellerFixture;

async function publish(seller: SellerFixture, stock: number, currency = "EUR") {
  await asPlatform(h.db, async (tx) => {
    await tx.product.updateMany({ where: { id: seller.productId }, data: { status: "PUBLISHED", publishedAt: new Date() } });
    await tx.productVariant.updateMany({ where: { productId: seller.productId }, data: { currency, weightGrams: 400 } });
    const location = await createLocation(tx, seller.tenantId, seller.users.OWNER, { name: "Main", code: "main" });
    for (const variantId of seller.variantIds) await receiveStock(tx, seller.tenantId, seller.users.OWNER, { variantId, locationId: location.id, quantity: stock });
    await tx.shippingRate.create({ data: { tenantId: seller.tenantId, code: "std", name: "Standard", kind: "FLAT", currency, baseAmount: 490 } });
    await tx.shippingRate.create({ data: { tenantId: seller.tenantId, code: "heavy", name: "By weight", kind: "WEIGHT", currency, baseAmount: 100, perKgAmount: 300 } });
  });
}

beforeAll(async () => {
  h = await startInventoryHarness("api_cart");
  a = await h.seller("carta", 2);
  b = await h.seller("cartb", 1);
  hidden = await h.seller("cartdraft", 1);
  await publish(a, 5);
  await publish(b, 5, "USD");
  await asPlatform(h.db, (tx) => tx.taxRate.create({ data: { region: "DE", rateBps: 1_900 } }));
});

afterAll(async () => {
  await h?.close();
});

const guest = () => h.caller(null);

describe("cart", () => {
  it("prices lines per seller with shipping and tax from PostgreSQL, re-checked on every read", async () => {
    const c = await guest();
    const cart = await c.cart.create();
    const one = await c.cart.setLine({ cartId: cart.cartId, token: cart.token, expectedVersion: 1, variantId: a.variantIds[0]!, quantity: 2 });
    const two = await c.cart.setRegion({ cartId: cart.cartId, token: cart.token, expectedVersion: one.version, region: "DE" });
    // 2 × 400 g is one started kilogram: by weight (100 + 300) is the cheapest and so the default.
    expect(two.priced.sellers[0]).toMatchObject({ tenantId: a.tenantId, subtotal: 3_000, shipping: { code: "heavy", amount: 400 }, tax: 646, total: 4_046 });
    const heavy = await c.cart.setShipping({ cartId: cart.cartId, token: cart.token, expectedVersion: two.version, tenantId: a.tenantId, rateCode: "std" });
    expect(heavy.priced.sellers[0]).toMatchObject({ shipping: { code: "std", amount: 490 }, tax: 663, total: 4_153 });
    // A price change shows at the next read; stock below the quantity is a problem, not a silent drop.
    await asPlatform(h.db, (tx) => tx.productVariant.update({ where: { id: a.variantIds[0]! }, data: { priceAmount: 1_000 } }));
    await c.cart.setLine({ cartId: cart.cartId, token: cart.token, expectedVersion: heavy.version, variantId: a.variantIds[0]!, quantity: 6 });
    const read = await c.cart.get({ cartId: cart.cartId, token: cart.token });
    expect(read.priced.sellers[0]!.lines[0]).toMatchObject({ unitPrice: 1_000, lineTotal: 6_000, available: 5, problem: "insufficient-stock" });
    expect(read.priced.problems).toEqual([{ variantId: a.variantIds[0], reason: "insufficient-stock" }]);
    expect(await h.redis.ttl(cartKey(cart.cartId))).toBeGreaterThan(6 * 86_400);
  });

  it("refuses a stale version with CONFLICT and changes nothing", async () => {
    const c = await guest();
    const cart = await c.cart.create();
    await c.cart.setLine({ cartId: cart.cartId, token: cart.token, expectedVersion: 1, variantId: a.variantIds[0]!, quantity: 1 });
    const e = await refusal(c.cart.setLine({ cartId: cart.cartId, token: cart.token, expectedVersion: 1, variantId: a.variantIds[1]!, quantity: 1 }));
    expect(e.code).toBe("CONFLICT");
    expect(e.cause).toMatchObject({ details: { reason: "stale-version", expected: 1, current: 2 } });
    const read = await c.cart.get({ cartId: cart.cartId, token: cart.token });
    expect(read.version).toBe(2);
    expect(read.priced.sellers[0]!.lines.map((l) => l.variantId)).toEqual([a.variantIds[0]]);
  });

  it("refuses a mutation while another holds the cart's lock", async () => {
    const c = await guest();
    const cart = await c.cart.create();
    const lock = (await acquireCartLock(h.redis, cart.cartId, 30_000))!;
    const e = await refusal(c.cart.setLine({ cartId: cart.cartId, token: cart.token, expectedVersion: 1, variantId: a.variantIds[0]!, quantity: 1 }));
    expect(e.cause).toMatchObject({ code: "CONFLICT", details: { reason: "cart-locked" } });
    await releaseCartLock(h.redis, cart.cartId, lock);
    expect((await c.cart.setLine({ cartId: cart.cartId, token: cart.token, expectedVersion: 1, variantId: a.variantIds[0]!, quantity: 1 })).version).toBe(2);
  });

  it("serialises concurrent writers: of 20 racing writes at one version exactly one lands", async () => {
    const c = await guest();
    const cart = await c.cart.create();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => c.cart.setLine({ cartId: cart.cartId, token: cart.token, expectedVersion: 1, variantId: a.variantIds[0]!, quantity: i + 1 })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await c.cart.get({ cartId: cart.cartId, token: cart.token })).version).toBe(2);
  });

  it("refuses bad input with typed errors and changes nothing", async () => {
    const c = await guest();
    const cart = await c.cart.create();
    const ref = { cartId: cart.cartId, token: cart.token, expectedVersion: 1 };
    expect((await refusal(c.cart.setLine({ ...ref, variantId: a.variantIds[0]!, quantity: 1.5 }))).code).toBe("BAD_REQUEST");
    expect((await refusal(c.cart.setLine({ ...ref, variantId: a.variantIds[0]!, quantity: -1 }))).code).toBe("BAD_REQUEST");
    expect((await refusal(c.cart.setLine({ ...ref, variantId: crypto.randomUUID(), quantity: 1 }))).code).toBe("NOT_FOUND");
    // A draft product's variant is not for sale.
    expect((await refusal(c.cart.setLine({ ...ref, variantId: hidden.variantIds[0]!, quantity: 1 }))).code).toBe("NOT_FOUND");
    await c.cart.setLine({ ...ref, variantId: a.variantIds[0]!, quantity: 1 });
    const e = await refusal(c.cart.setLine({ ...ref, expectedVersion: 2, variantId: b.variantIds[0]!, quantity: 1 }));
    expect(e.cause).toMatchObject({ code: "UNPROCESSABLE_CONTENT", details: { reason: "currency-mismatch", cartCurrency: "EUR", variantCurrency: "USD" } });
    expect((await c.cart.get({ cartId: cart.cartId, token: cart.token })).version).toBe(2);
  });

  it("hides a cart from a wrong token and refuses an expired one", async () => {
    const c = await guest();
    const cart = await c.cart.create();
    expect((await refusal(c.cart.get({ cartId: cart.cartId, token: "x".repeat(32) }))).code).toBe("NOT_FOUND");
    expect((await refusal(c.cart.get({ cartId: cart.cartId }))).code).toBe("NOT_FOUND");
    // Expiry is Redis's TTL: make it due now instead of waiting a week.
    await h.redis.pexpire(cartKey(cart.cartId), 1);
    for (let i = 0; i < 100 && (await h.redis.exists(cartKey(cart.cartId))) === 1; i++) await new Promise((r) => setImmediate(r));
    const e = await refusal(c.cart.setLine({ cartId: cart.cartId, token: cart.token, expectedVersion: 1, variantId: a.variantIds[0]!, quantity: 1 }));
    expect(e.cause).toMatchObject({ code: "NOT_FOUND", details: { reason: "unknown-or-expired" } });
  });

  it("merges a guest cart into the shopper's cart at sign-in", async () => {
    const shopper = a.users.VIEWER;
    const me = await h.caller(shopper);
    const own = await me.cart.create();
    await me.cart.setLine({ cartId: own.cartId, expectedVersion: 1, variantId: a.variantIds[0]!, quantity: 2 });
    const g = await guest();
    const guestCart = await g.cart.create();
    await g.cart.setLine({ cartId: guestCart.cartId, token: guestCart.token, expectedVersion: 1, variantId: a.variantIds[0]!, quantity: 1 });
    await g.cart.setLine({ cartId: guestCart.cartId, token: guestCart.token, expectedVersion: 2, variantId: a.variantIds[1]!, quantity: 3 });
    const merged = await me.cart.merge({ cartId: guestCart.cartId, token: guestCart.token });
    expect(merged.cartId).toBe(own.cartId);
    expect(merged.priced.sellers[0]!.lines.map((l) => [l.variantId, l.quantity])).toEqual([[a.variantIds[0], 3], [a.variantIds[1], 3]]);
    expect((await refusal(g.cart.get({ cartId: guestCart.cartId, token: guestCart.token }))).code).toBe("NOT_FOUND");
    expect((await me.cart.mine())?.cartId).toBe(own.cartId);
  });
});
