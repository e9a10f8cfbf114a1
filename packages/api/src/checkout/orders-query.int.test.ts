import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusal } from "../testing/refusal";
import { startCheckoutWorld, type CheckoutWorld, type ShopSeller } from "./checkout.testing";
import { paidOrder } from "./refunds.testing";

// The seller dashboard's order reads against the real services: filters, keyset paging, the detail.

let w: CheckoutWorld;
let a: ShopSeller;
let b: ShopSeller;
const orderIds: string[] = [];

beforeAll(async () => {
  w = await startCheckoutWorld("api_orders_query", { poolSize: 10 });
  a = await w.shop("oqa", 2, 100);
  b = await w.shop("oqb", 2, 100);
  for (let i = 0; i < 5; i++) orderIds.push((await paidOrder(w, a, `q${i}`)).order.id);
  await paidOrder(w, b, "qb");
});

afterAll(async () => {
  await w?.close();
});

const viewer = () => w.caller(a.users.VIEWER, a.tenantId);

describe("orders.list", () => {
  it("pages through the tenant's orders newest first, without gaps or repeats", async () => {
    const c = await viewer();
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await c.orders.list({ limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((o) => o.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([...orderIds].reverse());
    expect((await refusal(c.orders.list({ cursor: "bm9wZQ" }))).code).toBe("BAD_REQUEST");
  });

  it("filters by status, date range, order id prefix and shopper email", async () => {
    const c = await viewer();
    const manager = await w.caller(a.users.MANAGER, a.tenantId);
    await manager.orders.fulfil({ orderId: orderIds[1]!, trackingNumber: "TRK-Q" });
    expect((await c.orders.list({ status: "FULFILLED" })).items.map((o) => o.id)).toEqual([orderIds[1]]);
    expect((await c.orders.list({ status: "PAID" })).items).toHaveLength(4);
    expect((await c.orders.list({ search: orderIds[3]!.slice(0, 8) })).items.map((o) => o.id)).toEqual([orderIds[3]]);
    expect((await c.orders.list({ search: orderIds[3]! })).items.map((o) => o.id)).toEqual([orderIds[3]]);
    expect((await c.orders.list({ search: "REFUND@example.test" })).items).toHaveLength(5);
    expect((await c.orders.list({ search: "nobody@example.test" })).items).toHaveLength(0);
    expect((await c.orders.list({ search: "not an id" })).items).toHaveLength(0);
    const future = new Date(Date.now() + 60_000);
    expect((await c.orders.list({ from: future })).items).toHaveLength(0);
    expect((await c.orders.list({ to: future })).items).toHaveLength(5);
    expect((await refusal(c.orders.list({ from: future, to: new Date(0) }))).code).toBe("BAD_REQUEST");
  });
});

describe("orders.get", () => {
  it("shows lines, shopper, address, payment, refunds and the checkout's history; another tenant's is NOT_FOUND", async () => {
    const manager = await w.caller(a.users.MANAGER, a.tenantId);
    await manager.orders.refund({ orderId: orderIds[0]!, idempotencyKey: `oq-${orderIds[0]}`, amount: 100, reason: "goodwill" });
    const detail = await (await viewer()).orders.get({ orderId: orderIds[0]! });
    expect(detail).toMatchObject({
      id: orderIds[0],
      status: "PARTIALLY_REFUNDED",
      refundedAmount: 100,
      shopper: { email: "refund@example.test", signedIn: false },
      shippingAddress: { city: "Berlin", country: "DE" },
      payment: { status: "CAPTURED", provider: "sandbox" },
      refunds: [{ amount: 100, reason: "goodwill", state: "PENDING" }],
    });
    expect(detail.lines).toHaveLength(2);
    expect(detail.history.map((h) => h.to)).toContain("CONFIRMED/DONE");
    const other = await w.caller(b.users.VIEWER, b.tenantId);
    expect((await refusal(other.orders.get({ orderId: orderIds[0]! }))).code).toBe("NOT_FOUND");
  });
});
