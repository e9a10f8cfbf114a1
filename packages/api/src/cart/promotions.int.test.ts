import { asPlatform } from "@bazaar/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADDRESS, startCheckoutWorld, type CheckoutWorld, type ShopSeller } from "../checkout/checkout.testing";
import { runSaga } from "../checkout/saga-runner";
import { refusal } from "../inventory/inventory.testing";

// Coupons against the real services: the dry-run's reasons, who funds a discount, and usage limits under
// racing checkouts (the conditional counter UPDATE decides; a compensated checkout gives its use back).

let w: CheckoutWorld;
let a: ShopSeller;
let b: ShopSeller;

beforeAll(async () => {
  w = await startCheckoutWorld("api_promotions", { poolSize: 16 });
  a = await w.shop("pra", 1, 100);
  b = await w.shop("prb", 1, 100);
});

afterAll(async () => {
  await w?.close();
});

const cartWith = (lines: { variantId: string; quantity: number }[], userId: string | null = null) => w.cart(lines, userId);

const operator = () => w.caller(a.users.OWNER, undefined, "OPERATOR");

describe("coupons", () => {
  it("explains in a dry-run why a code does not apply, and applies one that does", async () => {
    const manager = await w.caller(a.users.MANAGER, a.tenantId);
    await manager.promotions.create({ code: `shipfree-${w.runId}`, kind: "FREE_SHIPPING" });
    await manager.promotions.create({ code: `big-${w.runId}`, kind: "PERCENTAGE", value: 1_000, minSubtotalAmount: 100_000 });
    await (await operator()).promotions.createMarketplace({ code: `old-${w.runId}`, kind: "FIXED", value: 100, currency: "EUR", endsAt: new Date(Date.now() - 1_000), startsAt: new Date(Date.now() - 10_000) });
    const onlyB = await cartWith([{ variantId: b.variantIds[0]!, quantity: 1 }]);
    const check = (code: string) => onlyB.c.cart.checkCoupon({ cartId: onlyB.cartId, token: onlyB.token, code });
    expect(await check("NOPE-NOPE")).toMatchObject({ applies: false, reason: "unknown-code" });
    expect(await check(`old-${w.runId}`)).toMatchObject({ applies: false, reason: "expired" });
    expect(await check(`shipfree-${w.runId}`)).toMatchObject({ applies: false, reason: "seller-not-in-cart" });
    const both = await cartWith([{ variantId: a.variantIds[0]!, quantity: 1 }, { variantId: b.variantIds[0]!, quantity: 1 }]);
    expect(await both.c.cart.checkCoupon({ cartId: both.cartId, token: both.token, code: `big-${w.runId}` })).toMatchObject({ applies: false, reason: "below-minimum" });
    const e = await refusal(both.c.cart.applyCoupon({ cartId: both.cartId, token: both.token, expectedVersion: both.version, code: `big-${w.runId}` }));
    expect(e.cause).toMatchObject({ code: "UNPROCESSABLE_CONTENT", details: { reason: "coupon-below-minimum" } });
    const applied = await both.c.cart.applyCoupon({ cartId: both.cartId, token: both.token, expectedVersion: both.version, code: `shipfree-${w.runId}` });
    const sellerA = applied.priced.sellers.find((s) => s.tenantId === a.tenantId)!;
    // 1500 with the shipping waived; the cart has no region yet, so no tax until checkout names DE.
    expect(sellerA).toMatchObject({ discount: 490, total: 1_500 });
    expect(applied.priced.promotion).toMatchObject({ applies: true, discount: 490 });

    const placed = await both.c.checkout.placeOrder({ cartId: both.cartId, token: both.token, idempotencyKey: `pr-${crypto.randomUUID()}`, email: "p@example.test", shippingAddress: ADDRESS, paymentMethod: "pm_card_visa" });
    const orders = await asPlatform(w.db, (tx) => tx.order.findMany({ where: { groupId: placed.groupId } }));
    // At checkout: 19 % DE tax on what is paid (1500).
    expect(orders.find((o) => o.tenantId === a.tenantId)).toMatchObject({ discountAmount: 490, discountFundedBy: "SELLER", totalAmount: 1_785 });
    expect(orders.find((o) => o.tenantId === b.tenantId)).toMatchObject({ discountAmount: 0, discountFundedBy: null });
    expect(await runSaga({ db: w.db, payments: w.gateway }, placed.sagaId)).toBe("CONFIRMED");
  });

  it("gives the last redemption to exactly one of 20 racing checkouts, and a compensated checkout gives it back", async () => {
    const code = `last-${w.runId}`;
    await (await operator()).promotions.createMarketplace({ code, kind: "PERCENTAGE", value: 2_000, usageLimit: 1 });
    const carts = await Promise.all(Array.from({ length: 20 }, () => cartWith([{ variantId: a.variantIds[0]!, quantity: 1 }])));
    const withCoupon = await Promise.all(carts.map((c) => c.c.cart.applyCoupon({ cartId: c.cartId, token: c.token, expectedVersion: c.version, code })));
    expect(withCoupon.every((c) => c.priced.promotion?.applies)).toBe(true);
    const results = await Promise.allSettled(
      carts.map((c) => c.c.checkout.placeOrder({ cartId: c.cartId, token: c.token, idempotencyKey: `race-${crypto.randomUUID()}`, email: "r@example.test", shippingAddress: ADDRESS, paymentMethod: "pm_card_chargeDeclined" })),
    );
    const placed = results.filter((r) => r.status === "fulfilled");
    expect(placed).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused.every((r) => (r.reason as { cause?: { details?: { reason?: string } } }).cause?.details?.reason === "coupon-exhausted")).toBe(true);
    const promo = () => asPlatform(w.db, (tx) => tx.promotion.findUniqueOrThrow({ where: { code: code.toUpperCase() } }));
    expect((await promo()).usedCount).toBe(1);
    // The one that got it is declined: compensation releases the redemption, once.
    expect(await runSaga({ db: w.db, payments: w.gateway }, placed[0]!.value.sagaId)).toBe("COMPENSATED");
    expect(await runSaga({ db: w.db, payments: w.gateway }, placed[0]!.value.sagaId)).toBe("COMPENSATED");
    expect((await promo()).usedCount).toBe(0);
  });

  it("holds a per-customer limit for a signed-in shopper", async () => {
    const code = `once-${w.runId}`;
    await (await operator()).promotions.createMarketplace({ code, kind: "FIXED", value: 200, currency: "EUR", perCustomerLimit: 1 });
    const shopper = b.users.VIEWER;
    const first = await cartWith([{ variantId: a.variantIds[0]!, quantity: 1 }], shopper);
    await first.c.cart.applyCoupon({ cartId: first.cartId, expectedVersion: first.version, code });
    await first.c.checkout.placeOrder({ cartId: first.cartId, idempotencyKey: `once-${crypto.randomUUID()}`, shippingAddress: ADDRESS, paymentMethod: "pm_card_visa" });
    const second = await cartWith([{ variantId: a.variantIds[0]!, quantity: 1 }], shopper);
    expect(await second.c.cart.checkCoupon({ cartId: second.cartId, code })).toMatchObject({ applies: false, reason: "customer-limit-reached" });
  });
});
