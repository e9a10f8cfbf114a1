import { asPlatform } from "@bazaar/db";
import type { PayloadOf } from "@bazaar/events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postRefund, postRefundFailure } from "../ledger/ledger-postings.service";
import { ledgerSums, owed } from "../ledger/ledger.testing";
import { startCheckoutWorld, type CheckoutWorld, type ShopSeller } from "./checkout.testing";
import { executeRefund } from "./refund-execution.service";
import { paidOrder, providerIntent } from "./refunds.testing";

// Refunds the provider refuses (decision 0028), against the real PostgreSQL and the payments sandbox
// process (told to refuse the next refunds): the refund stops counting against the bound, the order's
// status is undone, the seller can refund again, and the ledger ends as if the failed refund never was
// — whichever of its two postings runs first.

let w: CheckoutWorld;
let a: ShopSeller;

beforeAll(async () => {
  w = await startCheckoutWorld("api_refund_failures", { poolSize: 20 });
  a = await w.shop("rff", 2, 100);
});

afterAll(async () => {
  await w?.close();
});

const deps = () => ({ db: w.db, payments: w.gateway });
const manager = () => w.caller(a.users.MANAGER, a.tenantId);
const key = () => `rk-${crypto.randomUUID()}`;
const orderOf = (orderId: string) => asPlatform(w.db, (tx) => tx.order.findUniqueOrThrow({ where: { id: orderId } }));
const refundRow = (id: string) => asPlatform(w.db, (tx) => tx.orderRefund.findUniqueOrThrow({ where: { id } }));
const eventsOf = <T extends "orders.order.refunded" | "orders.refund.failed">(type: T, refundId: string) =>
  asPlatform(w.db, async (tx) =>
    (await tx.outboxEvent.findMany({ where: { type }, orderBy: { position: "asc" } }))
      .map((e) => (e.envelope as { payload: PayloadOf<T> }).payload)
      .filter((p) => (p as { refundId: string }).refundId === refundId),
  );

describe("a refund the provider refuses", () => {
  it("stops counting: the order is PAID again, the event says so, and the seller refunds again", async () => {
    const { order, paymentId } = await paidOrder(w, a, "fail-full");
    const c = await manager();
    await w.sandbox.configure({ fail_next_refunds: 1 });
    const failed = await c.orders.refund({ orderId: order.id, idempotencyKey: key(), amount: order.totalAmount, reason: "returned" });
    expect((await orderOf(order.id)).status).toBe("REFUNDED");
    expect(await executeRefund(deps(), failed.id)).toBe("FAILED");
    expect(await refundRow(failed.id)).toMatchObject({ state: "FAILED", orderStatusBefore: "PAID", lastError: expect.stringContaining("refused the refund") });
    expect((await orderOf(order.id)).status).toBe("PAID");
    expect(await eventsOf("orders.refund.failed", failed.id)).toEqual([expect.objectContaining({ orderId: order.id, amount: order.totalAmount, refundedTotal: 0, status: "PAID" })]);
    // Executing it again changes nothing: no second event, no second status move.
    expect(await executeRefund(deps(), failed.id)).toBe("FAILED");
    expect(await eventsOf("orders.refund.failed", failed.id)).toHaveLength(1);
    expect((await c.orders.get({ orderId: order.id })).refundedAmount).toBe(0);

    const again = await c.orders.refund({ orderId: order.id, idempotencyKey: key(), amount: order.totalAmount, reason: "returned, second try" });
    expect(again).toMatchObject({ amount: order.totalAmount, state: "PENDING" });
    expect((await orderOf(order.id)).status).toBe("REFUNDED");
    expect(await executeRefund(deps(), again.id)).toBe("SUCCEEDED");
    expect((await providerIntent(w, paymentId)).amount_refunded).toBe(order.totalAmount);
    expect((await c.orders.get({ orderId: order.id })).refundedAmount).toBe(order.totalAmount);
  });

  it("a failed refund of the rest leaves a partly refunded order PARTIALLY_REFUNDED, with its lines refundable again", async () => {
    const { order, lines } = await paidOrder(w, a, "fail-rest", [2, 1]);
    const c = await manager();
    const first = await c.orders.refund({ orderId: order.id, idempotencyKey: key(), lines: [{ orderLineId: lines[0]!.id, quantity: 1 }], reason: "one broken" });
    expect(await executeRefund(deps(), first.id)).toBe("SUCCEEDED");
    await w.sandbox.configure({ fail_next_refunds: 1 });
    const rest = await c.orders.refund({ orderId: order.id, idempotencyKey: key(), amount: order.totalAmount - first.amount, reason: "all back" });
    expect((await orderOf(order.id)).status).toBe("REFUNDED");
    expect(await executeRefund(deps(), rest.id)).toBe("FAILED");
    expect((await orderOf(order.id)).status).toBe("PARTIALLY_REFUNDED");
    // The line quantities the failed refund did not take are the bound, not the failed row.
    const lineAgain = await c.orders.refund({ orderId: order.id, idempotencyKey: key(), lines: [{ orderLineId: lines[0]!.id, quantity: 1 }], reason: "the other one" });
    expect(await executeRefund(deps(), lineAgain.id)).toBe("SUCCEEDED");
    expect((await c.orders.get({ orderId: order.id })).refundedAmount).toBe(first.amount + lineAgain.amount);
  });

  it("the ledger: posted then reversed, or never posted — the seller's balance and the books as if it never was", async () => {
    const c = await manager();
    const before = await owed(w.db, a.tenantId);
    for (const order of ["posted-first", "failure-first"]) {
      const { order: o } = await paidOrder(w, a, `ledger-${order}`);
      await w.sandbox.configure({ fail_next_refunds: 1 });
      const r = await c.orders.refund({ orderId: o.id, idempotencyKey: key(), amount: 1_000, reason: "ledger" });
      const [refunded] = await eventsOf("orders.order.refunded", r.id);
      if (order === "posted-first") {
        expect(await asPlatform(w.db, (tx) => postRefund(tx, refunded!))).not.toBeNull();
        expect(await owed(w.db, a.tenantId)).toBeLessThan(before);
      }
      expect(await executeRefund(deps(), r.id)).toBe("FAILED");
      const [failure] = await eventsOf("orders.refund.failed", r.id);
      const reversal = await asPlatform(w.db, (tx) => postRefundFailure(tx, failure!));
      expect(reversal !== null).toBe(order === "posted-first");
      // Redeliveries, and the refund's posting arriving after the failure, post nothing.
      expect(await asPlatform(w.db, (tx) => postRefundFailure(tx, failure!))).toBeNull();
      expect(await asPlatform(w.db, (tx) => postRefund(tx, refunded!))).toBeNull();
      const kinds = await asPlatform(w.db, (tx) => tx.ledgerEntry.findMany({ where: { orderId: o.id }, orderBy: { postedAt: "asc" }, select: { kind: true } }));
      expect(kinds.map((k) => k.kind)).toEqual(order === "posted-first" ? ["REFUND", "REFUND_REVERSAL"] : []);
      expect(await owed(w.db, a.tenantId)).toBe(before);
    }
    for (const sum of Object.values(await ledgerSums(w.db))) expect(sum).toBe(0);
  });
});
