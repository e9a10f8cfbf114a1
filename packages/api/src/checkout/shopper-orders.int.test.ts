import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusal } from "../inventory/inventory.testing";
import { ADDRESS, startCheckoutWorld, type CheckoutWorld, type ShopSeller, type TestCart } from "./checkout.testing";
import { orderStatusUrl, signOrderLink } from "./order-link";
import { runSaga } from "./saga-runner";

// The shopper's side of checkout against the real PostgreSQL, Redis and payments sandbox: the signed
// status link a guest reads their order group with, the hosted payment page's way back, and a signed-in
// shopper's own groups.

let w: CheckoutWorld;
let a: ShopSeller;
let b: ShopSeller;

beforeAll(async () => {
  w = await startCheckoutWorld("api_shopper_orders");
  a = await w.shop("soa", 1, 10);
  b = await w.shop("sob", 1, 10, { shipping: 0 });
});

afterAll(async () => {
  await w?.close();
});

const place = (cart: TestCart, paymentMethod?: string) =>
  cart.c.checkout.placeOrder({ cartId: cart.cartId, token: cart.token, idempotencyKey: `so-${crypto.randomUUID()}`, email: "guest@example.test", shippingAddress: ADDRESS, ...(paymentMethod ? { paymentMethod } : {}) });

describe("shopper order groups", () => {
  it("gives a guest a signed link that shows each seller's order and the payment page that leads back to it", async () => {
    const cart = await w.cart([{ variantId: a.variantIds[0]!, quantity: 1 }, { variantId: b.variantIds[0]!, quantity: 2 }]);
    const placed = await place(cart);
    expect(placed.statusToken).toBe(signOrderLink(placed.groupId));
    const origin = "http://127.0.0.1:3999";
    expect(await runSaga({ db: w.db, payments: w.gateway, returnUrl: (id) => orderStatusUrl(origin, id) }, placed.sagaId)).toBe("RUNNING");

    const guest = await w.caller(null);
    const group = await guest.checkout.orderStatus({ groupId: placed.groupId, token: placed.statusToken! });
    expect(group).toMatchObject({ id: placed.groupId, status: "PENDING", totalAmount: placed.totalAmount });
    expect(group.orders.map((o) => [o.tenantId, o.status, o.sellerName])).toEqual(
      [a, b].sort((x, y) => x.tenantId.localeCompare(y.tenantId)).map((s) => [s.tenantId, "PENDING_PAYMENT", expect.any(String)]),
    );
    // The hosted page of the sandbox, whose "return to the shop" link is this same signed page.
    expect(group.paymentUrl).toMatch(new RegExp(`^${w.sandbox.url}/pay/`));
    const intentId = new URL(group.paymentUrl!).pathname.split("/")[2]!;
    const intent = (await (await fetch(`${w.sandbox.url}/v1/payment_intents/${intentId}`)).json()) as { return_url: string | null };
    expect(intent.return_url).toBe(orderStatusUrl(origin, placed.groupId));
  });

  it("refuses a wrong, foreign or malformed token the same way as an unknown group", async () => {
    const one = await place(await w.cart([{ variantId: a.variantIds[0]!, quantity: 1 }]), "pm_card_visa");
    const two = await place(await w.cart([{ variantId: b.variantIds[0]!, quantity: 1 }]), "pm_card_visa");
    const guest = await w.caller(null);
    expect((await refusal(guest.checkout.orderStatus({ groupId: one.groupId, token: two.statusToken! }))).code).toBe("NOT_FOUND");
    expect((await refusal(guest.checkout.orderStatus({ groupId: crypto.randomUUID(), token: one.statusToken! }))).code).toBe("NOT_FOUND");
    expect((await refusal(guest.checkout.orderStatus({ groupId: one.groupId, token: "x".repeat(43) }))).code).toBe("NOT_FOUND");
    expect((await refusal(guest.checkout.orderStatus({ groupId: one.groupId, token: "bad token!" }))).code).toBe("BAD_REQUEST");
  });

  it("lists a signed-in shopper's own groups only, with each seller's status once the saga confirmed", async () => {
    const shopper = a.users.VIEWER;
    const cart = await w.cart([{ variantId: a.variantIds[0]!, quantity: 1 }], shopper);
    const mine = await cart.c.checkout.placeOrder({ cartId: cart.cartId, idempotencyKey: `so-${crypto.randomUUID()}`, shippingAddress: ADDRESS, paymentMethod: "pm_card_visa" });
    expect(await runSaga({ db: w.db, payments: w.gateway }, mine.sagaId)).toBe("CONFIRMED");
    await place(await w.cart([{ variantId: b.variantIds[0]!, quantity: 1 }]), "pm_card_visa");

    const groups = await cart.c.checkout.myOrderGroups();
    expect(groups.map((g) => g.id)).toEqual([mine.groupId]);
    const group = await cart.c.checkout.getOrderGroup({ groupId: mine.groupId });
    expect(group).toMatchObject({ status: "CONFIRMED", paymentUrl: null, refundedAmount: 0 });
    expect(group.orders.map((o) => o.status)).toEqual(["PAID"]);
    const other = await w.caller(b.users.VIEWER);
    expect((await refusal(other.checkout.getOrderGroup({ groupId: mine.groupId }))).code).toBe("NOT_FOUND");
  });
});
