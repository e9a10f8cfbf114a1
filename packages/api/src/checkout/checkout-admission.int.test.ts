import { asPlatform } from "@bazaar/db";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CheckoutBusyError, createCheckoutAdmission, type CheckoutAdmission } from "./checkout-admission";
import { ADDRESS, startCheckoutWorld, type CheckoutWorld, type ShopSeller, type TestCart } from "./checkout.testing";
import { placeOrder } from "./place-order.service";
import { runSaga } from "./saga-runner";

// Checkout admission against the real PostgreSQL: the backlog is the sagas this database holds at
// RUNNING/RESERVE, which nothing here runs until a test does (no saga worker), so it is exact.

let w: CheckoutWorld;
let a: ShopSeller;

beforeAll(async () => {
  w = await startCheckoutWorld("api_admission", { poolSize: 12 });
  a = await w.shop("adm", 1, 1_000);
});

afterAll(async () => {
  await w?.close();
});

const place = (admission: CheckoutAdmission, cart: TestCart) =>
  placeOrder({ db: w.db, redis: w.redis, admission }, { cartId: cart.cartId, token: cart.token, idempotencyKey: `adm-${cart.cartId}`, email: "ada@example.test", shippingAddress: ADDRESS, paymentMethod: "pm_card_visa" }, null);

const groups = () => asPlatform(w.db, (tx) => tx.orderGroup.count());
const backlog = () => asPlatform(w.db, (tx) => tx.checkoutSaga.count({ where: { state: "RUNNING", step: "RESERVE" } }));

/** Runs every saga still at RESERVE to its end (empties the backlog for the next test). */
async function drain() {
  const open = await asPlatform(w.db, (tx) => tx.checkoutSaga.findMany({ where: { state: "RUNNING", step: "RESERVE" }, select: { id: true } }));
  await Promise.all(open.map((s) => runSaga({ db: w.db, payments: w.gateway }, s.id)));
  expect(await backlog()).toBe(0);
}

describe("checkout admission", () => {
  it("holds a checkout at the door while the backlog is full, writing nothing, and admits it when a saga reserves", async () => {
    const admission = createCheckoutAdmission(w.db, { maxBacklog: 3, maxWaitMs: 60_000, refreshMs: 20 });
    const carts = await Promise.all(Array.from({ length: 4 }, () => w.cart([{ variantId: a.variantIds[0]!, quantity: 1 }])));
    const first = [];
    for (const cart of carts.slice(0, 3)) first.push(await place(admission, cart));
    expect(await backlog()).toBe(3);
    const before = await groups();

    let settled = false;
    const fourth = place(admission, carts[3]!).finally(() => (settled = true));
    // Nothing can admit it while no saga runs: it waits at the door (the backlog counted as 3) and writes nothing.
    await vi.waitFor(() => expect(admission.state()).toEqual({ waiting: 1, backlog: 3, limit: 3 }));
    expect(settled).toBe(false);
    expect(await groups()).toBe(before);

    // One saga reserves: the backlog is 2, and the waiting checkout is placed.
    expect(await runSaga({ db: w.db, payments: w.gateway }, first[0]!.sagaId)).toBe("CONFIRMED");
    const placed = await fourth;
    expect(placed.replayed).toBe(false);
    expect(await groups()).toBe(before + 1);
    expect(await backlog()).toBe(3);
    await drain();
  });

  it("admits waiting checkouts in the order they arrived, one per freed place", async () => {
    const admission = createCheckoutAdmission(w.db, { maxBacklog: 2, maxWaitMs: 60_000, refreshMs: 20 });
    const carts = await Promise.all(Array.from({ length: 5 }, () => w.cart([{ variantId: a.variantIds[0]!, quantity: 1 }])));
    const first = [await place(admission, carts[0]!), await place(admission, carts[1]!)];
    const done: string[] = [];
    const queued = [];
    for (const [i, cart] of carts.slice(2).entries()) {
      queued.push(place(admission, cart).then((p) => (done.push(`w${i}`), p)));
      // Queued before the next one arrives.
      await vi.waitFor(() => expect(admission.state().waiting).toBe(i + 1));
    }
    expect(done).toEqual([]);
    await runSaga({ db: w.db, payments: w.gateway }, first[0]!.sagaId);
    const w0 = await queued[0]!;
    // Counted again after w0's placement (the backlog full once more): the others still wait.
    await vi.waitFor(() => expect(admission.state().backlog).toBe(2));
    expect(admission.state().waiting).toBe(2);
    expect(done).toEqual(["w0"]);
    await runSaga({ db: w.db, payments: w.gateway }, first[1]!.sagaId);
    await queued[1];
    await vi.waitFor(() => expect(admission.state().backlog).toBe(2));
    expect(admission.state().waiting).toBe(1);
    expect(done).toEqual(["w0", "w1"]);
    await runSaga({ db: w.db, payments: w.gateway }, w0.sagaId);
    await queued[2];
    expect(done).toEqual(["w0", "w1", "w2"]);
    await drain();
  });

  it("refuses a checkout that waited too long with a typed checkout-busy, and the cart can be checked out later", async () => {
    const admission = createCheckoutAdmission(w.db, { maxBacklog: 1, maxWaitMs: 300, refreshMs: 20 });
    const [one, two] = await Promise.all([0, 1].map(() => w.cart([{ variantId: a.variantIds[0]!, quantity: 1 }])));
    await place(admission, one!);
    const before = await groups();
    const refusal = await place(admission, two!).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(CheckoutBusyError);
    expect(refusal).toMatchObject({ code: "SERVICE_UNAVAILABLE", details: { reason: "checkout-busy", backlog: 1, retryAfterSeconds: 1 } });
    expect(await groups()).toBe(before);

    await drain();
    const later = await place(admission, two!);
    expect(later.orders).toHaveLength(1);
    await drain();
  });

  it("gives exactly the free places to 30 racing checkouts and refuses the others", async () => {
    const admission = createCheckoutAdmission(w.db, { maxBacklog: 5, maxWaitMs: 1_000, refreshMs: 20 });
    const carts = await Promise.all(Array.from({ length: 30 }, () => w.cart([{ variantId: a.variantIds[0]!, quantity: 1 }])));
    const before = await groups();
    const outcomes = await Promise.allSettled(carts.map((cart) => place(admission, cart)));
    const refused = outcomes.filter((o) => o.status === "rejected");
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(5);
    expect(refused).toHaveLength(25);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(CheckoutBusyError);
    expect(await groups()).toBe(before + 5);
    expect(await backlog()).toBe(5);
    await drain();
  });

  it("sizes the backlog by the sagas' pace: with none reserving it shrinks to the least, and a freed place only admits below it", async () => {
    // Up to 3, sized for 1 s of the sagas' pace, at least 2; the pace measured over the last second.
    const admission = createCheckoutAdmission(w.db, { maxBacklog: 3, maxWaitMs: 60_000, refreshMs: 20, targetMs: 1_000, minBacklog: 2, rateWindowMs: 1_000 });
    const carts = await Promise.all(Array.from({ length: 4 }, () => w.cart([{ variantId: a.variantIds[0]!, quantity: 1 }])));
    const first = [];
    for (const cart of carts.slice(0, 3)) first.push(await place(admission, cart));
    expect(admission.state().limit).toBe(3); // no pace measured yet: the most
    const before = await groups();
    let settled = false;
    const fourth = place(admission, carts[3]!).finally(() => (settled = true));
    // While it waits the backlog is counted again and again and nothing leaves it: the pace is 0 and the
    // backlog allowed falls to the least.
    await vi.waitFor(() => expect(admission.state()).toEqual({ waiting: 1, backlog: 3, limit: 2 }), { timeout: 5_000 });

    // One saga reserves: with a fixed backlog of 3 the waiting checkout would go in; sized, it still waits
    // (one departure in the last second allows 2 at most, and 2 wait).
    await runSaga({ db: w.db, payments: w.gateway }, first[0]!.sagaId);
    await vi.waitFor(() => expect(admission.state().backlog).toBe(2));
    expect(admission.state()).toEqual({ waiting: 1, backlog: 2, limit: 2 });
    expect(settled).toBe(false);
    expect(await groups()).toBe(before);

    // A second one reserves: one waits, below what is allowed, and the checkout is placed.
    await runSaga({ db: w.db, payments: w.gateway }, first[1]!.sagaId);
    expect((await fourth).replayed).toBe(false);
    expect(await groups()).toBe(before + 1);
    await drain();
  });

  it("admits every checkout at once when switched off (0)", async () => {
    const admission = createCheckoutAdmission(w.db, { maxBacklog: 0, maxWaitMs: 0 });
    const carts = await Promise.all(Array.from({ length: 6 }, () => w.cart([{ variantId: a.variantIds[0]!, quantity: 1 }])));
    await Promise.all(carts.map((cart) => place(admission, cart)));
    expect(await backlog()).toBe(6);
    await drain();
  });
});
