import { asPlatform } from "@bazaar/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusal, refusalDetails } from "../testing/refusal";
import { startCheckoutWorld, type CheckoutWorld, type ShopSeller } from "./checkout.testing";
import { executeRefund, resumeDueRefunds } from "./refund-execution.service";
import { paidOrder, providerIntent } from "./refunds.testing";

// Sellers' refunds against the real PostgreSQL, Redis and the payments sandbox process: the bound on
// the captured share, idempotency, isolation, 20 racing partial refunds, restock, and the provider's
// own record of what was refunded.

let w: CheckoutWorld;
let a: ShopSeller;
let b: ShopSeller;

beforeAll(async () => {
  w = await startCheckoutWorld("api_refunds", { poolSize: 60 });
  a = await w.shop("rfa", 2, 100);
  b = await w.shop("rfb", 2, 100);
});

afterAll(async () => {
  await w?.close();
});

const refundDeps = () => ({ db: w.db, payments: w.gateway });
const manager = (s: ShopSeller) => w.caller(s.users.MANAGER, s.tenantId);
const key = () => `rk-${crypto.randomUUID()}`;
const refundsOf = (orderId: string) => asPlatform(w.db, (tx) => tx.orderRefund.findMany({ where: { orderId }, orderBy: { createdAt: "asc" } }));
const orderOf = (orderId: string) => asPlatform(w.db, (tx) => tx.order.findUniqueOrThrow({ where: { id: orderId } }));
const refundEvents = (orderId: string) =>
  asPlatform(w.db, async (tx) =>
    (await tx.outboxEvent.findMany({ where: { type: "orders.order.refunded" }, orderBy: { position: "asc" } }))
      .map((e) => ({ payload: (e.envelope as { payload: Record<string, unknown> }).payload }))
      .filter((e) => e.payload.orderId === orderId),
  );

describe("orders.refund", () => {
  it("refunds the whole order: REFUNDED, one event, the provider refunds it once", async () => {
    const { order, paymentId } = await paidOrder(w, a, "full");
    const c = await manager(a);
    const r = await c.orders.refund({ orderId: order.id, idempotencyKey: key(), amount: order.totalAmount, reason: "customer changed their mind" });
    expect(r).toMatchObject({ amount: order.totalAmount, state: "PENDING", replayed: false });
    expect((await orderOf(order.id)).status).toBe("REFUNDED");
    const events = await refundEvents(order.id);
    expect(events.map((e) => e.payload)).toEqual([expect.objectContaining({ refundId: r.id, amount: order.totalAmount, refundedTotal: order.totalAmount, full: true, currency: "EUR" })]);
    expect(await executeRefund(refundDeps(), r.id)).toBe("SUCCEEDED");
    expect(await executeRefund(refundDeps(), r.id)).toBe("SUCCEEDED");
    // The other seller's share of the group is untouched.
    expect((await providerIntent(w, paymentId)).amount_refunded).toBe(order.totalAmount);
  });

  it("a partial refund, then the rest: PARTIALLY_REFUNDED, then REFUNDED; a third is over-refund and changes nothing", async () => {
    const { order, paymentId } = await paidOrder(w, a, "partial");
    const c = await manager(a);
    await c.orders.fulfil({ orderId: order.id, trackingNumber: "TRK-1" });
    const first = await c.orders.refund({ orderId: order.id, idempotencyKey: key(), amount: 1_000, reason: "scratched" });
    expect((await orderOf(order.id)).status).toBe("PARTIALLY_REFUNDED");
    const second = await c.orders.refund({ orderId: order.id, idempotencyKey: key(), amount: order.totalAmount - 1_000, reason: "returned" });
    expect((await orderOf(order.id)).status).toBe("REFUNDED");
    expect((await refundEvents(order.id)).map((e) => (e.payload as { refundedTotal: number; full: boolean }).full)).toEqual([false, true]);

    const e = await refusal(c.orders.refund({ orderId: order.id, idempotencyKey: key(), amount: 1, reason: "again" }));
    expect(e.code).toBe("CONFLICT");
    expect(refusalDetails(e)).toMatchObject({ reason: "order-not-refundable" });
    expect(await refundsOf(order.id)).toHaveLength(2);
    await resumeDueRefunds({ ...refundDeps(), now: () => new Date(Date.now() + 60_000) });
    expect((await refundsOf(order.id)).map((r) => r.state)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
    expect([first.id, second.id]).toEqual((await refundsOf(order.id)).map((r) => r.id));
    expect((await providerIntent(w, paymentId)).amount_refunded).toBe(order.totalAmount);
  });

  it("refuses more than the captured share left with a typed error, writing nothing", async () => {
    const { order } = await paidOrder(w, a, "over");
    const c = await manager(a);
    await c.orders.refund({ orderId: order.id, idempotencyKey: key(), amount: 500, reason: "late" });
    const before = await orderOf(order.id);
    const e = await refusal(c.orders.refund({ orderId: order.id, idempotencyKey: key(), amount: order.totalAmount, reason: "too much" }));
    expect(e.code).toBe("CONFLICT");
    expect(refusalDetails(e)).toMatchObject({ reason: "over-refund", remaining: order.totalAmount - 500 });
    expect(await orderOf(order.id)).toMatchObject({ status: "PARTIALLY_REFUNDED", version: before.version });
    expect(await refundsOf(order.id)).toHaveLength(1);
    expect(await refundEvents(order.id)).toHaveLength(1);
    expect((await refusal(c.orders.refund({ orderId: order.id, idempotencyKey: key(), amount: 1.5, reason: "float" }))).code).toBe("BAD_REQUEST");
    expect((await refusal(c.orders.refund({ orderId: order.id, idempotencyKey: key(), reason: "neither" }))).code).toBe("BAD_REQUEST");
  });

  it("replays the same key with the same request; refuses it with another", async () => {
    const { order } = await paidOrder(w, a, "replay");
    const c = await manager(a);
    const k = key();
    const first = await c.orders.refund({ orderId: order.id, idempotencyKey: k, amount: 700, reason: "dent" });
    const again = await c.orders.refund({ orderId: order.id, idempotencyKey: k, amount: 700, reason: "dent" });
    expect(again).toMatchObject({ id: first.id, amount: 700, replayed: true });
    const e = await refusal(c.orders.refund({ orderId: order.id, idempotencyKey: k, amount: 800, reason: "dent" }));
    expect(refusalDetails(e)).toMatchObject({ reason: "idempotency-key-reused" });
    expect(await refundsOf(order.id)).toHaveLength(1);
  });

  it("cannot see or refund another seller's order: NOT_FOUND", async () => {
    const { order } = await paidOrder(w, a, "foreign");
    const other = await manager(b);
    expect((await refusal(other.orders.refund({ orderId: order.id, idempotencyKey: key(), amount: 100, reason: "not mine" }))).code).toBe("NOT_FOUND");
    expect(await refundsOf(order.id)).toHaveLength(0);
    const staff = await w.caller(a.users.STAFF, a.tenantId);
    expect((await refusal(staff.orders.refund({ orderId: order.id, idempotencyKey: key(), amount: 100, reason: "staff" }))).code).toBe("FORBIDDEN");
  });

  it("refunds lines with restock: the amount follows the line, the units go back, a line cannot be refunded twice", async () => {
    const { order, lines } = await paidOrder(w, b, "lines", [3, 1]);
    const levelOf = (variantId: string) => asPlatform(w.db, async (tx) => (await tx.stockLevel.findFirstOrThrow({ where: { variantId } })).onHand);
    const before = await levelOf(lines[0]!.variantId);
    const c = await manager(b);
    const r = await c.orders.refund({ orderId: order.id, idempotencyKey: key(), lines: [{ orderLineId: lines[0]!.id, quantity: 2 }], reason: "returned", restock: true });
    // Goods value scaled by what the goods cost the shopper (tax in, shipping out).
    const expected = Math.floor((lines[0]!.unitPriceAmount * 2 * (order.totalAmount - order.shippingAmount)) / order.subtotalAmount);
    expect(r).toMatchObject({ amount: expected, restock: true, lines: [{ orderLineId: lines[0]!.id, quantity: 2, amount: expected }] });
    expect(await levelOf(lines[0]!.variantId)).toBe(before + 2);
    const e = await refusal(c.orders.refund({ orderId: order.id, idempotencyKey: key(), lines: [{ orderLineId: lines[0]!.id, quantity: 2 }], reason: "twice" }));
    expect(refusalDetails(e)).toMatchObject({ reason: "line-over-refund", left: 1 });
    expect(await levelOf(lines[0]!.variantId)).toBe(before + 2);
  });

  it("20 racing partial refunds worth more than the share: exactly those that fit succeed; the provider refunds exactly their sum", { timeout: 60_000 }, async () => {
    const { order, paymentId } = await paidOrder(w, a, "race");
    const c = await manager(a);
    const each = 400;
    const fit = Math.floor(order.totalAmount / each);
    expect(fit).toBeLessThan(20);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => c.orders.refund({ orderId: order.id, idempotencyKey: `race-${i}-${order.id}`, amount: each, reason: `race ${i}` })),
    );
    const ok = outcomes.filter((o) => o.status === "fulfilled");
    expect(ok).toHaveLength(fit);
    for (const o of outcomes) if (o.status === "rejected") expect(refusalDetails(o.reason as never)).toMatchObject({ reason: "over-refund" });
    const rows = await refundsOf(order.id);
    expect(rows.reduce((s, r) => s + r.amount, 0)).toBe(fit * each);
    expect((await orderOf(order.id)).status).toBe("PARTIALLY_REFUNDED");
    expect(await refundEvents(order.id)).toHaveLength(fit);
    await Promise.all(rows.map((r) => executeRefund(refundDeps(), r.id)));
    expect((await refundsOf(order.id)).every((r) => r.state === "SUCCEEDED")).toBe(true);
    const payment = await asPlatform(w.db, (tx) => tx.payment.findUniqueOrThrow({ where: { id: paymentId } }));
    expect(payment.refundedAmount).toBe(fit * each);
    expect((await providerIntent(w, paymentId)).amount_refunded).toBe(fit * each);
  });

  it("waits for the capture when the seller captures at fulfilment: payment-not-captured", async () => {
    const late = await w.shop("rflate", 2, 10, { captureAt: "FULFILMENT" });
    const { order } = await paidOrder(w, late, "late");
    const e = await refusal((await manager(late)).orders.refund({ orderId: order.id, idempotencyKey: key(), amount: 100, reason: "early" }));
    expect(refusalDetails(e)).toMatchObject({ reason: "payment-not-captured" });
    expect(await refundsOf(order.id)).toHaveLength(0);
  });

  it("a line refunded before shipping: the rest still ships, once; a shipped order refunded in part cannot ship again", async () => {
    const { order, lines } = await paidOrder(w, a, "ship-rest");
    const c = await manager(a);
    const staff = await w.caller(a.users.STAFF, a.tenantId);
    const first = await c.orders.refund({ orderId: order.id, idempotencyKey: key(), lines: [{ orderLineId: lines[1]!.id, quantity: 1 }], reason: "out of stock" });
    expect((await orderOf(order.id)).status).toBe("PARTIALLY_REFUNDED");
    await staff.orders.fulfil({ orderId: order.id, trackingNumber: "TRK-REST" });
    expect(await orderOf(order.id)).toMatchObject({ status: "FULFILLED", trackingNumber: "TRK-REST" });
    const again = await refusal(staff.orders.fulfil({ orderId: order.id, trackingNumber: "TRK-TWICE" }));
    expect(refusalDetails(again)).toMatchObject({ reason: "illegal-transition", from: "FULFILLED", to: "FULFILLED" });
    // Refunds go on from FULFILLED, still bounded by what the first one left.
    const rest = order.totalAmount - first.amount;
    const over = await refusal(c.orders.refund({ orderId: order.id, idempotencyKey: key(), amount: rest + 1, reason: "too much" }));
    expect(refusalDetails(over)).toMatchObject({ reason: "over-refund", remaining: rest });
    await c.orders.refund({ orderId: order.id, idempotencyKey: key(), amount: rest, reason: "returned" });
    expect((await orderOf(order.id)).status).toBe("REFUNDED");

    const shipped = (await paidOrder(w, a, "shipped-then-refunded")).order;
    await staff.orders.fulfil({ orderId: shipped.id, trackingNumber: "TRK-1ST" });
    await c.orders.refund({ orderId: shipped.id, idempotencyKey: key(), amount: 300, reason: "dent" });
    const before = await orderOf(shipped.id);
    expect(before.status).toBe("PARTIALLY_REFUNDED");
    const twice = await refusal(staff.orders.fulfil({ orderId: shipped.id, trackingNumber: "TRK-2ND" }));
    expect(twice.code).toBe("CONFLICT");
    expect(refusalDetails(twice)).toMatchObject({ reason: "illegal-transition", from: "PARTIALLY_REFUNDED", to: "FULFILLED" });
    expect(await orderOf(shipped.id)).toMatchObject({ status: "PARTIALLY_REFUNDED", trackingNumber: "TRK-1ST", version: before.version });
  });
});
