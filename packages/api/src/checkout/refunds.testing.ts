// Fixtures for the refund tests: a confirmed, captured two-line order of one seller, the seller's
// manager's caller, and what the payments sandbox itself says was refunded.
import { asPlatform } from "@bazaar/db";
import { ADDRESS, type CheckoutWorld, type ShopSeller } from "./checkout.testing";
import { runSaga } from "./saga-runner";

export async function paidOrder(w: CheckoutWorld, seller: ShopSeller, label: string, quantities: [number, number] = [2, 1]) {
  const cart = await w.cart([
    { variantId: seller.variantIds[0]!, quantity: quantities[0] },
    { variantId: seller.variantIds[1]!, quantity: quantities[1] },
  ]);
  const placed = await cart.c.checkout.placeOrder({
    cartId: cart.cartId,
    token: cart.token,
    idempotencyKey: `rf-${label}-${w.runId}`,
    email: "refund@example.test",
    shippingAddress: ADDRESS,
    paymentMethod: "pm_card_visa",
  });
  const state = await runSaga({ db: w.db, payments: w.gateway }, placed.sagaId);
  if (state !== "CONFIRMED") throw new Error(`saga ended ${state}`);
  const order = await asPlatform(w.db, (tx) => tx.order.findFirstOrThrow({ where: { groupId: placed.groupId, tenantId: seller.tenantId }, include: { lines: { orderBy: { sku: "asc" } }, group: true } }));
  return { order, lines: order.lines, paymentId: order.group.paymentId! };
}

/** The provider's own record of the payment (the sandbox's PaymentIntent): what it captured and refunded. */
export async function providerIntent(w: CheckoutWorld, paymentId: string): Promise<{ amount_received: number; amount_refunded: number }> {
  const payment = await asPlatform(w.db, (tx) => tx.payment.findUniqueOrThrow({ where: { id: paymentId } }));
  const res = await fetch(`${w.sandbox.url}/v1/payment_intents/${payment.providerPaymentId}`, { headers: { authorization: "Bearer sk_test_sandbox" } });
  if (!res.ok) throw new Error(`sandbox answered ${res.status}`);
  return (await res.json()) as { amount_received: number; amount_refunded: number };
}
