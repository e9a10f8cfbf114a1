import { asPlatform } from "@bazaar/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkLedger } from "../inventory/inventory.service";
import { refusal } from "../inventory/inventory.testing";
import { ADDRESS, startCheckoutWorld, type CheckoutWorld, type ShopSeller, type TestCart } from "./checkout.testing";
import { captureAtFulfilment, resumeDueSagas, runSaga, settleCancelledOrder } from "./saga-runner";
import { getPayment } from "../payments/payments.service";

// Checkout and the saga against the real PostgreSQL, Redis and the payments sandbox process.

let w: CheckoutWorld;
let a: ShopSeller;
let b: ShopSeller;

beforeAll(async () => {
  w = await startCheckoutWorld("api_checkout", { poolSize: 20 });
  a = await w.shop("cka", 2, 10);
  b = await w.shop("ckb", 1, 10, { shipping: 0 });
});

afterAll(async () => {
  await w?.close();
});

const sagaDeps = () => ({ db: w.db, payments: w.gateway });

const cartWith = (lines: { variantId: string; quantity: number }[], userId: string | null = null) => w.cart(lines, userId);

const place = async (cart: TestCart, key: string, paymentMethod = "pm_card_visa") =>
  cart.c.checkout.placeOrder({ cartId: cart.cartId, token: cart.token, idempotencyKey: key, email: "ada@example.test", shippingAddress: ADDRESS, paymentMethod });

const available = (variantId: string) =>
  asPlatform(w.db, async (tx) => {
    const l = await tx.stockLevel.findFirstOrThrow({ where: { variantId } });
    return { onHand: l.onHand, reserved: l.reserved };
  });

const sagaOf = (sagaId: string) => asPlatform(w.db, (tx) => tx.checkoutSaga.findUniqueOrThrow({ where: { id: sagaId } }));

async function ledgerBalanced() {
  const report = await asPlatform(w.db, (tx) => checkLedger(tx));
  expect(report.mismatches).toEqual([]);
}

describe("checkout", () => {
  it("turns a two-seller cart into one order per seller and the saga confirms it: stock sold, payment captured", async () => {
    const before = await available(a.variantIds[0]!);
    const cart = await cartWith([{ variantId: a.variantIds[0]!, quantity: 2 }, { variantId: b.variantIds[0]!, quantity: 1 }]);
    const placed = await place(cart, `ck-${crypto.randomUUID()}`);
    expect(placed.orders).toHaveLength(2);
    const orders = await asPlatform(w.db, (tx) => tx.order.findMany({ where: { groupId: placed.groupId }, include: { lines: true }, orderBy: { tenantId: "asc" } }));
    const orderA = orders.find((o) => o.tenantId === a.tenantId)!;
    // 2 × 1500 + 490 shipping, 19 % DE tax added; PRO plan: 8 % of the goods.
    expect(orderA).toMatchObject({ status: "PENDING_PAYMENT", subtotalAmount: 3_000, shippingAmount: 490, taxAmount: 663, totalAmount: 4_153, commissionPlan: "PRO", commissionBps: 800, commissionAmount: 240 });
    expect(orderA.lines).toMatchObject([{ quantity: 2, unitPriceAmount: 1_500, lineTotalAmount: 3_000 }]);
    expect(placed.totalAmount).toBe(orders.reduce((s, o) => s + o.totalAmount, 0));
    expect(await asPlatform(w.db, (tx) => tx.outboxEvent.count({ where: { type: "orders.order-group.placed", key: placed.groupId } }))).toBe(1);

    expect(await runSaga(sagaDeps(), placed.sagaId)).toBe("CONFIRMED");
    const saga = await sagaOf(placed.sagaId);
    expect(saga.step).toBe("DONE");
    const group = await asPlatform(w.db, (tx) => tx.orderGroup.findUniqueOrThrow({ where: { id: placed.groupId }, include: { orders: true } }));
    expect(group.status).toBe("CONFIRMED");
    expect(group.orders.map((o) => o.status)).toEqual(["PAID", "PAID"]);
    expect(await w.gateway.status(group.paymentId!)).toBe("captured");
    expect(await available(a.variantIds[0]!)).toEqual({ onHand: before.onHand - 2, reserved: before.reserved });
    // The cart is spent.
    expect((await refusal(cart.c.cart.get({ cartId: cart.cartId, token: cart.token }))).code).toBe("NOT_FOUND");
    await ledgerBalanced();
  });

  it("answers a double submit with the first order group, and refuses the key with another cart", async () => {
    const cart = await cartWith([{ variantId: a.variantIds[1]!, quantity: 1 }]);
    const key = `ck-${crypto.randomUUID()}`;
    const [one, two] = await Promise.all([place(cart, key), place(cart, key)]);
    expect(two.groupId).toBe(one.groupId);
    expect([one.replayed, two.replayed].sort()).toEqual([false, true]);
    expect(await asPlatform(w.db, (tx) => tx.orderGroup.count({ where: { idempotencyKey: key } }))).toBe(1);
    const other = await cartWith([{ variantId: a.variantIds[1]!, quantity: 1 }]);
    const e = await refusal(place(other, key));
    expect(e.cause).toMatchObject({ code: "CONFLICT", details: { reason: "idempotency-key-reused" } });
    await runSaga(sagaDeps(), one.sagaId);
  });

  it("refuses bad input and an unsellable cart with typed errors, writing nothing", async () => {
    const cart = await cartWith([{ variantId: a.variantIds[1]!, quantity: 1 }]);
    const groups = () => asPlatform(w.db, (tx) => tx.orderGroup.count());
    const n = await groups();
    const bad = { cartId: cart.cartId, token: cart.token, idempotencyKey: `ck-${crypto.randomUUID()}`, shippingAddress: ADDRESS };
    expect((await refusal(cart.c.checkout.placeOrder({ ...bad, shippingAddress: { ...ADDRESS, line1: "a\u0000b" } }))).code).toBe("BAD_REQUEST");
    expect((await refusal(cart.c.checkout.placeOrder({ ...bad, shippingAddress: { ...ADDRESS, country: "Germany" } }))).code).toBe("BAD_REQUEST");
    expect((await refusal(cart.c.checkout.placeOrder({ ...bad, idempotencyKey: "short" }))).code).toBe("BAD_REQUEST");
    // A guest must give an email address.
    expect((await refusal(cart.c.checkout.placeOrder(bad))).cause).toMatchObject({ details: { reason: "email-required" } });
    const empty = await cartWith([]);
    const e = await refusal(place(empty, `ck-${crypto.randomUUID()}`));
    expect(e.cause).toMatchObject({ code: "CONFLICT", details: { reason: "cart-not-checkoutable", problems: [{ reason: "empty" }] } });
    expect(await groups()).toBe(n);
  });

  it("releases the stock when the card is declined", async () => {
    const before = await available(b.variantIds[0]!);
    const cart = await cartWith([{ variantId: b.variantIds[0]!, quantity: 3 }]);
    const placed = await place(cart, `ck-${crypto.randomUUID()}`, "pm_card_chargeDeclined");
    expect(await runSaga(sagaDeps(), placed.sagaId)).toBe("COMPENSATED");
    const saga = await sagaOf(placed.sagaId);
    expect(saga.lastError).toMatch(/payment failed/);
    expect(await available(b.variantIds[0]!)).toEqual(before);
    const orders = await asPlatform(w.db, (tx) => tx.order.findMany({ where: { groupId: placed.groupId } }));
    expect(orders.map((o) => o.status)).toEqual(["CANCELLED"]);
    await ledgerBalanced();
  });

  it("voids a payment that never answers once its deadline passes, and gives the stock back", async () => {
    const before = await available(b.variantIds[0]!);
    const cart = await cartWith([{ variantId: b.variantIds[0]!, quantity: 1 }]);
    const placed = await place(cart, `ck-${crypto.randomUUID()}`, "pm_card_threeDSecureRequired");
    expect(await runSaga(sagaDeps(), placed.sagaId)).toBe("RUNNING");
    expect((await sagaOf(placed.sagaId)).step).toBe("AWAIT_PAYMENT");
    expect(await available(b.variantIds[0]!)).toEqual({ onHand: before.onHand, reserved: before.reserved + 1 });
    // The resumer's clock moved past the payment deadline instead of waiting ten minutes.
    const later = () => new Date(Date.now() + 601_000);
    for (let i = 0; i < 5 && (await sagaOf(placed.sagaId)).state !== "COMPENSATED"; i++) await resumeDueSagas({ ...sagaDeps(), now: later });
    const saga = await sagaOf(placed.sagaId);
    expect(saga).toMatchObject({ state: "COMPENSATED", lastError: "payment-timeout" });
    const group = await asPlatform(w.db, (tx) => tx.orderGroup.findUniqueOrThrow({ where: { id: placed.groupId } }));
    expect(await w.gateway.status(group.paymentId!)).toBe("voided");
    expect(await available(b.variantIds[0]!)).toEqual(before);
  });

  it("compensates when the reservation expired before confirmation: payment voided, nothing sold", async () => {
    const before = await available(b.variantIds[0]!);
    const cart = await cartWith([{ variantId: b.variantIds[0]!, quantity: 2 }]);
    const placed = await place(cart, `ck-${crypto.randomUUID()}`);
    // The saga's clock jumps two hours when it reaches CONFIRM: the 15-minute hold is past its expiry.
    let offset = 0;
    const deps = { ...sagaDeps(), now: () => new Date(Date.now() + offset), onStep: (_id: string, step: string) => void (step === "CONFIRM" && (offset = 2 * 3_600_000)) };
    expect(await runSaga(deps, placed.sagaId)).toBe("COMPENSATED");
    const saga = await sagaOf(placed.sagaId);
    expect(saga.lastError).toMatch(/expir/i);
    expect((saga.history as { to?: string }[]).slice(1).map((h) => h.to)).toEqual(["RUNNING/AUTHORIZE", "RUNNING/CONFIRM", "COMPENSATING/VOID", "COMPENSATING/RELEASE", "COMPENSATED/DONE"]);
    const group = await asPlatform(w.db, (tx) => tx.orderGroup.findUniqueOrThrow({ where: { id: placed.groupId } }));
    expect(await w.gateway.status(group.paymentId!)).toBe("voided");
    expect(await available(b.variantIds[0]!)).toEqual(before);
    await ledgerBalanced();
  });

  it("sells the last unit to exactly one of 100 concurrent checkouts; the 99 others compensate with insufficient stock", async () => {
    const last = await w.shop("cklast", 1, 1);
    const variantId = last.variantIds[0]!;
    const carts = await Promise.all(Array.from({ length: 100 }, () => cartWith([{ variantId, quantity: 1 }])));
    // Checkout itself refuses nothing: every cart showed the unit as available. The saga's reservation
    // (one conditional UPDATE) decides who gets it.
    const placed = await Promise.all(carts.map((cart, i) => place(cart, `ck-last-${i}-${crypto.randomUUID()}`)));
    const states = await Promise.all(placed.map((p) => runSaga(sagaDeps(), p.sagaId)));
    expect(states.filter((s) => s === "CONFIRMED")).toHaveLength(1);
    expect(states.filter((s) => s === "COMPENSATED")).toHaveLength(99);
    const sagas = await asPlatform(w.db, (tx) => tx.checkoutSaga.findMany({ where: { id: { in: placed.map((p) => p.sagaId) } } }));
    expect(sagas.filter((s) => s.state === "COMPENSATED").every((s) => s.lastError === "insufficient-stock")).toBe(true);
    expect(await available(variantId)).toEqual({ onHand: 0, reserved: 0 });
    const payments = await asPlatform(w.db, (tx) => tx.payment.count({ where: { orderGroupRef: { in: placed.map((p) => p.groupId) } } }));
    expect(payments).toBe(1);
    await ledgerBalanced();
  });
});

describe("orders after checkout", () => {
  it("lets a seller fulfil and deliver their own order, refuses illegal moves, and hides other sellers' orders", async () => {
    const shopper = a.users.VIEWER;
    const me = await w.caller(shopper);
    const cart = await me.cart.create();
    const v = (await me.cart.setLine({ cartId: cart.cartId, expectedVersion: 1, variantId: a.variantIds[0]!, quantity: 1 })).version;
    await me.cart.setLine({ cartId: cart.cartId, expectedVersion: v, variantId: b.variantIds[0]!, quantity: 1 });
    const placed = await me.checkout.placeOrder({ cartId: cart.cartId, idempotencyKey: `ck-${crypto.randomUUID()}`, shippingAddress: ADDRESS, paymentMethod: "pm_card_visa" });
    expect(await runSaga(sagaDeps(), placed.sagaId)).toBe("CONFIRMED");
    const orderA = placed.orders.find((o) => o.tenantId === a.tenantId)!.orderId;
    const orderB = placed.orders.find((o) => o.tenantId === b.tenantId)!.orderId;

    const staffA = await w.caller(a.users.STAFF, a.tenantId);
    expect((await refusal(staffA.orders.get({ orderId: orderB }))).code).toBe("NOT_FOUND");
    expect((await staffA.orders.list({})).items.some((o) => o.id === orderB)).toBe(false);
    const illegal = await refusal(staffA.orders.markDelivered({ orderId: orderA }));
    expect(illegal.cause).toMatchObject({ code: "CONFLICT", details: { reason: "illegal-transition", from: "PAID", to: "DELIVERED" } });
    expect(await staffA.orders.fulfil({ orderId: orderA, trackingNumber: "TRACK-1" })).toMatchObject({ status: "FULFILLED", trackingNumber: "TRACK-1" });
    expect((await staffA.orders.markDelivered({ orderId: orderA })).status).toBe("DELIVERED");
    const managerA = await w.caller(a.users.MANAGER, a.tenantId);
    expect((await refusal(managerA.orders.cancel({ orderId: orderA }))).cause).toMatchObject({ details: { reason: "illegal-transition", from: "DELIVERED" } });
    // Another seller cannot move it either: it does not exist for them.
    const staffB = await w.caller(b.users.STAFF, b.tenantId);
    expect((await refusal(staffB.orders.fulfil({ orderId: orderA, trackingNumber: "X" }))).code).toBe("NOT_FOUND");

    const mine = await me.checkout.getOrderGroup({ groupId: placed.groupId });
    expect(mine.orders.map((o) => [o.tenantId, o.status]).sort()).toEqual([[a.tenantId, "DELIVERED"], [b.tenantId, "PAID"]].sort());
    expect((await me.checkout.myOrderGroups()).map((g) => g.id)).toContain(placed.groupId);
    const stranger = await w.caller(b.users.VIEWER);
    expect((await refusal(stranger.checkout.getOrderGroup({ groupId: placed.groupId }))).code).toBe("NOT_FOUND");
  });

  it("captures at fulfilment when the seller asks for it, once", async () => {
    const late = await w.shop("cklate", 1, 5, { captureAt: "FULFILMENT" });
    const cart = await cartWith([{ variantId: late.variantIds[0]!, quantity: 1 }]);
    const placed = await place(cart, `ck-${crypto.randomUUID()}`);
    expect(await runSaga(sagaDeps(), placed.sagaId)).toBe("CONFIRMED");
    const group = await asPlatform(w.db, (tx) => tx.orderGroup.findUniqueOrThrow({ where: { id: placed.groupId } }));
    expect(await w.gateway.status(group.paymentId!)).toBe("authorized");
    const staff = await w.caller(late.users.STAFF, late.tenantId);
    await staff.orders.fulfil({ orderId: placed.orders[0]!.orderId, trackingNumber: "LATE-1" });
    expect(await asPlatform(w.db, (tx) => tx.outboxEvent.count({ where: { type: "orders.order.fulfilled", key: placed.groupId } }))).toBe(1);
    // What the checkout-saga worker does on orders.order.fulfilled; a redelivery captures nothing more.
    expect(await captureAtFulfilment(sagaDeps(), placed.groupId)).toBe(true);
    expect(await captureAtFulfilment(sagaDeps(), placed.groupId)).toBe(false);
    expect(await w.gateway.status(group.paymentId!)).toBe("captured");
  });

  it("refuses to cancel an order whose checkout is running, and refunds a cancelled paid order's share once", async () => {
    const cart = await cartWith([{ variantId: a.variantIds[1]!, quantity: 1 }, { variantId: b.variantIds[0]!, quantity: 1 }]);
    const placed = await place(cart, `ck-${crypto.randomUUID()}`);
    const orderB = placed.orders.find((o) => o.tenantId === b.tenantId)!;
    const managerB = await w.caller(b.users.MANAGER, b.tenantId);
    expect((await refusal(managerB.orders.cancel({ orderId: orderB.orderId }))).cause).toMatchObject({ code: "CONFLICT", details: { reason: "checkout-in-progress" } });
    expect(await runSaga(sagaDeps(), placed.sagaId)).toBe("CONFIRMED");
    expect((await managerB.orders.cancel({ orderId: orderB.orderId })).status).toBe("CANCELLED");
    expect(await asPlatform(w.db, (tx) => tx.outboxEvent.count({ where: { type: "orders.order.cancelled", key: placed.groupId } }))).toBe(1);
    // What the checkout-saga worker does on orders.order.cancelled, twice (a redelivery).
    expect(await settleCancelledOrder(sagaDeps(), placed.groupId, orderB.orderId, orderB.totalAmount)).toBe("refunded");
    await settleCancelledOrder(sagaDeps(), placed.groupId, orderB.orderId, orderB.totalAmount);
    const group = await asPlatform(w.db, (tx) => tx.orderGroup.findUniqueOrThrow({ where: { id: placed.groupId } }));
    expect(await getPayment(w.db, group.paymentId!)).toMatchObject({ status: "PARTIALLY_REFUNDED", capturedAmount: placed.totalAmount, refundedAmount: orderB.totalAmount });
  });
});
