import { asPlatform } from "@bazaar/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkCheckoutConsistency } from "./checkout-consistency";
import { ADDRESS, startCheckoutWorld, type CheckoutWorld, type ShopSeller, type TestCart } from "./checkout.testing";
import { runSaga } from "./saga-runner";

// The consistency check passes on checkouts the saga settled, and names what is wrong when a saga
// has not ended or a payment is doubled.

let w: CheckoutWorld;
let a: ShopSeller;
let b: ShopSeller;

beforeAll(async () => {
  w = await startCheckoutWorld("api_checkout_consistency");
  a = await w.shop("cca", 1, 10);
  b = await w.shop("ccb", 1, 10);
});

afterAll(async () => {
  await w?.close();
});

const place = (cart: TestCart, paymentMethod: string) =>
  cart.c.checkout.placeOrder({ cartId: cart.cartId, token: cart.token, idempotencyKey: `cc-${crypto.randomUUID()}`, email: "ada@example.test", shippingAddress: ADDRESS, paymentMethod });
const check = () => asPlatform(w.db, (tx) => checkCheckoutConsistency(tx, { outbox: false }));

describe("checkout consistency check", () => {
  it("passes for a confirmed and a declined checkout, then reports a saga that did not end and a second payment", async () => {
    const lines = [{ variantId: a.variantIds[0]!, quantity: 2 }, { variantId: b.variantIds[0]!, quantity: 1 }];
    const paid = await place(await w.cart(lines), "pm_card_visa");
    const declined = await place(await w.cart(lines), "pm_card_chargeDeclined");
    expect(await runSaga({ db: w.db, payments: w.gateway }, paid.sagaId)).toBe("CONFIRMED");
    expect(await runSaga({ db: w.db, payments: w.gateway }, declined.sagaId)).toBe("COMPENSATED");
    expect(await check()).toEqual({ groups: 2, confirmed: 1, cancelled: 1, problems: [] });

    const pending = await place(await w.cart(lines), "pm_card_visa");
    await asPlatform(w.db, async (tx) => {
      const payment = await tx.payment.findFirstOrThrow({ where: { orderGroupRef: paid.groupId } });
      await tx.payment.create({ data: { provider: "sandbox", orderGroupRef: paid.groupId, idempotencyKey: `dup-${payment.id}`, amount: payment.amount, currency: payment.currency } });
    });
    const report = await check();
    expect(report.problems.map((p) => [p.check, p.groupId]).sort()).toEqual(
      [
        ["payment-count", paid.groupId],
        ["payment-link", paid.groupId],
        ["saga-not-ended", pending.groupId],
      ].sort(),
    );
  });
});
