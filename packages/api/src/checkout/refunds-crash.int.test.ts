import { spawn } from "node:child_process";
import { join } from "node:path";
import { asPlatform } from "@bazaar/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCheckoutWorld, type CheckoutWorld, type ShopSeller } from "./checkout.testing";
import { resumeDueRefunds } from "./refund-execution.service";
import { paidOrder, providerIntent } from "./refunds.testing";

// The refund executor is a child process that SIGKILLs itself in the middle of a refund — before the
// provider is asked, or after it answered and before the refund is recorded — and another executor
// resumes it: every refund ends SUCCEEDED and the provider refunded each exactly once.

let w: CheckoutWorld;
let a: ShopSeller;

beforeAll(async () => {
  w = await startCheckoutWorld("api_refunds_crash", { poolSize: 10 });
  a = await w.shop("rfcrash", 2, 100);
});

afterAll(async () => {
  await w?.close();
});

function crashingExecutor(crashAt: "provider" | "record"): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "scripts/run-refunds.ts")], {
    cwd: join(import.meta.dirname, "../.."),
    env: { ...process.env, DATABASE_URL: w.database.url, PAYMENTS_SANDBOX_URL: w.sandbox.url, REFUNDS_CRASH_AT: crashAt },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return new Promise((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
}

describe("a refund executor SIGKILLed mid-refund", () => {
  it.each(["provider", "record"] as const)("at %s: resumed, the refund succeeds and the provider refunds it once", { timeout: 60_000 }, async (crashAt) => {
    const { order, paymentId } = await paidOrder(w, a, `crash-${crashAt}`);
    const c = await w.caller(a.users.MANAGER, a.tenantId);
    const r = await c.orders.refund({ orderId: order.id, idempotencyKey: `crash-${crashAt}-${order.id}`, amount: 1_234, reason: "crash test" });

    expect(await crashingExecutor(crashAt)).toBe("SIGKILL");
    const afterCrash = await asPlatform(w.db, (tx) => tx.orderRefund.findUniqueOrThrow({ where: { id: r.id } }));
    expect(afterCrash.state).toBe("PENDING");
    expect((await providerIntent(w, paymentId)).amount_refunded).toBe(crashAt === "record" ? 1_234 : 0);

    // The claim of the dead executor pushed `next_attempt_at` on; a resumer after it takes the refund over.
    const later = () => new Date(Date.now() + 10 * 60_000);
    expect(await resumeDueRefunds({ db: w.db, payments: w.gateway, now: later })).toBe(1);
    expect(await asPlatform(w.db, (tx) => tx.orderRefund.findUniqueOrThrow({ where: { id: r.id } }))).toMatchObject({ state: "SUCCEEDED", attempts: 1 });
    expect(await resumeDueRefunds({ db: w.db, payments: w.gateway, now: later })).toBe(0);
    expect((await providerIntent(w, paymentId)).amount_refunded).toBe(1_234);
    const payment = await asPlatform(w.db, (tx) => tx.payment.findUniqueOrThrow({ where: { id: paymentId } }));
    expect(payment).toMatchObject({ refundedAmount: 1_234, status: "PARTIALLY_REFUNDED" });
  });
});
