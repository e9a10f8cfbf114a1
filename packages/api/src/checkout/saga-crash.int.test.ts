import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { asPlatform } from "@bazaar/db";
import { waitUntil } from "@bazaar/events/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkLedger } from "../inventory/inventory.service";
import { ADDRESS, startCheckoutWorld, type CheckoutWorld, type ShopSeller } from "./checkout.testing";

// The saga runner is a child process SIGKILLed in the middle of each step in turn; a fresh one takes
// over. Every saga must end CONFIRMED (visa) or COMPENSATED (declined card) and never both, with the
// stock sold exactly once per confirmed order, nothing left reserved, the ledger balanced and at most
// one payment per order group, captured exactly when the group was confirmed.

const STOCK = 1_000;
let w: CheckoutWorld;
let a: ShopSeller;
let b: ShopSeller;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  w = await startCheckoutWorld("api_saga_crash", { poolSize: 10 });
  a = await w.shop("crasha", 1, STOCK);
  b = await w.shop("crashb", 1, STOCK);
});

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await w?.close();
});

function runner(onStep: (step: string) => void): { child: ChildProcess; exited: Promise<NodeJS.Signals | null> } {
  const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "scripts/run-sagas.ts")], {
    cwd: join(import.meta.dirname, "../.."),
    env: { ...process.env, DATABASE_URL: w.database.url, PAYMENTS_SANDBOX_URL: w.sandbox.url, CHECKOUT_STEP_TIMEOUT_MS: "300" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.add(child);
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
  void exited.then(() => children.delete(child));
  createInterface({ input: child.stdout! }).on("line", (line) => {
    const parsed = JSON.parse(line) as { step?: string };
    if (parsed.step) onStep(parsed.step);
  });
  return { child, exited };
}

async function placeBatch(label: string) {
  const placed: { sagaId: string; groupId: string; declined: boolean }[] = [];
  for (let i = 0; i < 6; i++) {
    const c = await w.caller(null);
    const cart = await c.cart.create();
    const v = (await c.cart.setLine({ cartId: cart.cartId, token: cart.token, expectedVersion: 1, variantId: a.variantIds[0]!, quantity: 1 })).version;
    await c.cart.setLine({ cartId: cart.cartId, token: cart.token, expectedVersion: v, variantId: b.variantIds[0]!, quantity: 1 });
    const declined = i % 3 === 2;
    const p = await c.checkout.placeOrder({
      cartId: cart.cartId,
      token: cart.token,
      idempotencyKey: `crash-${label}-${i}-${w.runId}`,
      email: "crash@example.test",
      shippingAddress: ADDRESS,
      paymentMethod: declined ? "pm_card_chargeDeclined" : "pm_card_visa",
    });
    placed.push({ sagaId: p.sagaId, groupId: p.groupId, declined });
  }
  return placed;
}

const STEPS = ["RESERVE", "AUTHORIZE", "CONFIRM", "CAPTURE", "VOID", "RELEASE"] as const;

describe("a saga runner SIGKILLed mid-step", () => {
  it.each(STEPS)("at %s: every saga still ends confirmed or compensated, stock and payments consistent", { timeout: 120_000 }, async (target) => {
    const batch = await placeBatch(target);
    let killed = false;
    const first = runner((step) => {
      if (step === target && !killed) {
        killed = true;
        first.child.kill("SIGKILL");
      }
    });
    const ids = batch.map((s) => s.sagaId);
    const terminal = () =>
      asPlatform(w.db, async (tx) => (await tx.checkoutSaga.count({ where: { id: { in: ids }, state: { in: ["CONFIRMED", "COMPENSATED"] } } })) === ids.length);
    // Either the kill landed, or (a step no saga needed) the batch finished: then kill it anyway.
    await waitUntil(async () => killed || (await terminal()), { timeoutMs: 60_000, description: `a ${target} step` });
    expect(killed).toBe(true);
    expect(await first.exited).toBe("SIGKILL");

    const second = runner(() => undefined);
    await waitUntil(terminal, { timeoutMs: 90_000, intervalMs: 100, description: "every saga terminal" });
    second.child.kill("SIGKILL");
    await second.exited;

    const sagas = await asPlatform(w.db, (tx) => tx.checkoutSaga.findMany({ where: { id: { in: ids } }, include: { group: { include: { orders: true } } } }));
    const payments = await asPlatform(w.db, (tx) => tx.payment.findMany({ where: { orderGroupRef: { in: batch.map((s) => s.groupId) } } }));
    for (const s of sagas) {
      const declined = batch.find((x) => x.sagaId === s.id)!.declined;
      const paid = payments.filter((p) => p.orderGroupRef === s.groupId);
      expect(paid.length).toBeLessThanOrEqual(1);
      expect(s.step).toBe("DONE");
      if (declined) {
        expect(s.state).toBe("COMPENSATED");
        expect(s.group.status).toBe("CANCELLED");
        expect(s.group.orders.map((o) => o.status)).toEqual(["CANCELLED", "CANCELLED"]);
        expect(paid.every((p) => p.capturedAmount === 0)).toBe(true);
      } else {
        expect(s.state).toBe("CONFIRMED");
        expect(s.group.status).toBe("CONFIRMED");
        expect(s.group.orders.map((o) => o.status)).toEqual(["PAID", "PAID"]);
        expect(paid.map((p) => [p.status, p.capturedAmount])).toEqual([["CAPTURED", s.group.totalAmount]]);
      }
    }
    const confirmedSoFar = await asPlatform(w.db, (tx) => tx.checkoutSaga.count({ where: { state: "CONFIRMED" } }));
    const levels = await asPlatform(w.db, (tx) => tx.stockLevel.findMany({ where: { variantId: { in: [a.variantIds[0]!, b.variantIds[0]!] } } }));
    expect(levels.map((l) => [l.onHand, l.reserved])).toEqual([
      [STOCK - confirmedSoFar, 0],
      [STOCK - confirmedSoFar, 0],
    ]);
    expect((await asPlatform(w.db, (tx) => checkLedger(tx))).mismatches).toEqual([]);
  });
});
