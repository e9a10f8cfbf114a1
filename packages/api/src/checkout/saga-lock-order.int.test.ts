import { asPlatform } from "@bazaar/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkLedger } from "../inventory/inventory.service";
import { ADDRESS, startCheckoutWorld, type CheckoutWorld, type ShopSeller } from "./checkout.testing";
import { runSaga } from "./saga-runner";

// Every writer of stock levels locks them in one order, (tenant, variant, location): RESERVE takes a
// checkout's sellers in tenant order, so CONFIRM (which sells every seller's reservation in one set of
// statements) and the expiry sweeper must too. Sorted by variant alone, a CONFIRM holding the second
// seller's level while a RESERVE holds the first seller's deadlocked, and the loser waited for the
// resumer (bench/checkout found it: PostgreSQL 40P01 on RESERVE and CONFIRM under load).

let w: CheckoutWorld;
let pair: readonly [string, string] | undefined;

/** A variant of one seller and one of a seller after it in tenant order whose variant sorts first. */
function reversedPair(shops: readonly ShopSeller[]): readonly [string, string] | undefined {
  for (const first of shops) {
    for (const second of shops.filter((s) => s.tenantId > first.tenantId)) {
      for (const f of first.variantIds) {
        const s = second.variantIds.find((v) => v < f);
        if (s) return [f, s];
      }
    }
  }
  return undefined;
}

beforeAll(async () => {
  w = await startCheckoutWorld("api_saga_lock_order", { poolSize: 24 });
  // Ids are random: two sellers of four variants lack such a pair about once in 70, so add sellers
  // until there is one.
  const shops = [await w.shop("lo0", 4, 1_000), await w.shop("lo1", 4, 1_000)];
  pair = reversedPair(shops);
  while (!pair && shops.length < 6) {
    shops.push(await w.shop(`lo${shops.length}`, 4, 1_000));
    pair = reversedPair(shops);
  }
});

afterAll(async () => {
  await w?.close();
});

describe("stock lock order across sellers", () => {
  it("confirms 40 concurrent two-seller checkouts whose variant order is the reverse of their sellers' order, none deadlocked", async () => {
    // A pair where the second seller's variant sorts before the first seller's: tenant order and variant
    // order disagree, which is what a variant-ordered CONFIRM turned into a lock cycle.
    expect(pair).toBeDefined();
    const [mine, theirs] = pair!;
    const carts = await Promise.all(Array.from({ length: 40 }, () => w.cart([{ variantId: mine, quantity: 1 }, { variantId: theirs, quantity: 1 }])));
    const placed = await Promise.all(
      carts.map((cart, i) =>
        cart.c.checkout.placeOrder({ cartId: cart.cartId, token: cart.token, idempotencyKey: `lo-${i}-${crypto.randomUUID()}`, email: "ada@example.test", shippingAddress: ADDRESS, paymentMethod: "pm_card_visa" }),
      ),
    );
    // A deadlocked step leaves its saga RUNNING with the error recorded, for the resumer.
    const states = await Promise.all(placed.map((p) => runSaga({ db: w.db, payments: w.gateway }, p.sagaId)));
    const sagas = await asPlatform(w.db, (tx) => tx.checkoutSaga.findMany({ where: { id: { in: placed.map((p) => p.sagaId) } }, select: { lastError: true } }));
    expect(sagas.map((s) => s.lastError).filter((e) => e !== null)).toEqual([]);
    expect(states).toEqual(placed.map(() => "CONFIRMED"));
    const levels = await asPlatform(w.db, (tx) => tx.stockLevel.findMany({ where: { variantId: { in: [mine, theirs] } }, select: { onHand: true, reserved: true } }));
    expect(levels).toEqual([
      { onHand: 960, reserved: 0 },
      { onHand: 960, reserved: 0 },
    ]);
    expect((await asPlatform(w.db, (tx) => checkLedger(tx))).mismatches).toEqual([]);
  });
});
