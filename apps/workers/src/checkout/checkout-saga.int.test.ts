import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { paymentsGateway, type SagaDeps } from "@bazaar/api/checkout";
import { getPayment } from "@bazaar/api/payments";
import { createApiServer, type ApiServer } from "@bazaar/api/server";
import { checkLedger, createLocation, receiveStock } from "@bazaar/api/inventory";
import { asPlatform } from "@bazaar/db";
import { waitUntil } from "@bazaar/events/testing";
import { SandboxProvider, TEST_CARDS, type PaymentProvider, type ProviderName } from "@bazaar/payments";
import { answerChallenge, payOnHostedPage, startSandboxProcess, TEST_WEBHOOK_SECRET, type SandboxProcess } from "@bazaar/payments/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTenancyHarness, type TenancyHarness } from "../onboarding/onboarding.testing";
import { createOutboxRelayWorker } from "../outbox-relay/outbox-relay.worker";
import { createCheckoutSagaResumer, createCheckoutSagaWorker } from "./checkout-saga.worker";

// The saga driven the way production drives it: checkout's outbox event goes through the relay to
// Kafka (`orders.events`), the checkout-saga worker runs the saga against the payments sandbox process,
// the resumer picks up anything past its deadline; nothing in the test runs the saga itself.

let h: TenancyHarness;
let api: ApiServer;
let sandbox: SandboxProcess;
// Filled once the sandbox runs: the API's webhook intake and the saga share it.
const providers: Partial<Record<ProviderName, PaymentProvider>> = {};
let dir: string;
const seller = { tenantId: "", variantId: "" };
const ADDRESS = { name: "Ada Lovelace", line1: "1 Analytical Way", city: "Berlin", postalCode: "10115", country: "DE" };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "checkout-saga-worker-"));
  h = await startTenancyHarness("checkout_saga_worker", (deps) => {
    const saga: SagaDeps = { db: deps.db, payments: paymentsGateway({ db: deps.db, providers }, "sandbox") };
    return [createOutboxRelayWorker(deps), createCheckoutSagaWorker(deps, { saga }), createCheckoutSagaResumer(deps, { saga, intervalMs: 500 })];
  });
  // The sandbox's webhooks reach the real API server, whose intake moves the payment and enqueues
  // payments.payment.* — which wakes the saga waiting on the shopper.
  api = createApiServer({ db: h.db, redis: h.redis, logger: h.deps.logger, allowedOrigins: [], rateLimiter: null, paymentProviders: providers });
  const { url: apiUrl } = await api.listen(0);
  sandbox = await startSandboxProcess({ dbPath: join(dir, "sandbox.sqlite"), webhookUrl: `${apiUrl}/webhooks/sandbox` });
  providers.sandbox = new SandboxProvider({ baseUrl: sandbox.url, webhookSecret: TEST_WEBHOOK_SECRET });
  await asPlatform(h.db, async (tx) => {
    const tenant = await tx.tenant.create({ data: { slug: `saga-${h.runId}`, name: "Saga Co", type: "SELLER_BUSINESS", plan: "FREE" } });
    const owner = await tx.user.create({ data: { email: `owner.${h.runId}@saga.test`, name: "Owner", passwordHash: "unused" } });
    await tx.membership.create({ data: { tenantId: tenant.id, userId: owner.id, role: "OWNER" } });
    const store = await tx.store.create({ data: { tenantId: tenant.id, name: "Saga Co", slug: `saga-${h.runId}` } });
    const product = await tx.product.create({ data: { tenantId: tenant.id, storeId: store.id, title: "Mug", handle: "mug", status: "PUBLISHED", publishedAt: new Date() } });
    const variant = await tx.productVariant.create({ data: { tenantId: tenant.id, productId: product.id, sku: "MUG", title: "Blue", priceAmount: 1_200, currency: "EUR" } });
    const location = await createLocation(tx, tenant.id, owner.id, { name: "Main", code: "main" });
    await receiveStock(tx, tenant.id, owner.id, { variantId: variant.id, locationId: location.id, quantity: 10 });
    await tx.shippingRate.create({ data: { tenantId: tenant.id, code: "std", name: "Standard", kind: "FLAT", currency: "EUR", baseAmount: 300 } });
    Object.assign(seller, { tenantId: tenant.id, variantId: variant.id });
  });
});

afterAll(async () => {
  await sandbox?.stop();
  await api?.close(1_000);
  await h?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function checkout(paymentMethod?: string) {
  const c = await h.caller({ session: null });
  const cart = await c.cart.create();
  await c.cart.setLine({ cartId: cart.cartId, token: cart.token, expectedVersion: 1, variantId: seller.variantId, quantity: 2 });
  return c.checkout.placeOrder({ cartId: cart.cartId, token: cart.token, idempotencyKey: `w-${crypto.randomUUID()}`, email: "w@example.test", shippingAddress: ADDRESS, ...(paymentMethod ? { paymentMethod } : {}) });
}

const settled = (sagaId: string) =>
  waitUntil(
    async () => {
      const s = await asPlatform(h.db, (tx) => tx.checkoutSaga.findUniqueOrThrow({ where: { id: sagaId } }));
      return (s.state === "CONFIRMED" || s.state === "COMPENSATED") && s;
    },
    { timeoutMs: 60_000, intervalMs: 100, description: "the saga to end" },
  );

describe("checkout-saga worker", () => {
  it("confirms a paid checkout and compensates a declined one with no test code running the saga", async () => {
    const [paid, declined] = [await checkout("pm_card_visa"), await checkout("pm_card_chargeDeclined")];
    expect((await settled(paid.sagaId)).state).toBe("CONFIRMED");
    expect((await settled(declined.sagaId)).state).toBe("COMPENSATED");
    const level = await asPlatform(h.db, (tx) => tx.stockLevel.findFirstOrThrow({ where: { variantId: seller.variantId } }));
    expect([level.onHand, level.reserved]).toEqual([8, 0]);
    const orders = await asPlatform(h.db, (tx) => tx.order.findMany({ where: { groupId: { in: [paid.groupId, declined.groupId] } } }));
    expect(orders.find((o) => o.groupId === paid.groupId)).toMatchObject({ status: "PAID", commissionPlan: "FREE", commissionBps: 1_500, commissionAmount: 360 });
    expect(orders.find((o) => o.groupId === declined.groupId)!.status).toBe("CANCELLED");
    // Each group ended exactly once, announced through the outbox.
    const ends = await asPlatform(h.db, (tx) =>
      tx.outboxEvent.findMany({ where: { type: { in: ["orders.order-group.confirmed", "orders.order-group.cancelled"] } }, select: { type: true, key: true } }),
    );
    expect(ends.map((e) => [e.key, e.type]).sort()).toEqual(
      [
        [paid.groupId, "orders.order-group.confirmed"],
        [declined.groupId, "orders.order-group.cancelled"],
      ].sort(),
    );
    expect((await asPlatform(h.db, (tx) => checkLedger(tx))).mismatches).toEqual([]);
  });

  it("waits for the shopper on the hosted page and 3-D Secure, then confirms on the payment's webhook", async () => {
    const placed = await checkout();
    const waiting = await waitUntil(
      async () => {
        const s = await asPlatform(h.db, (tx) => tx.checkoutSaga.findUniqueOrThrow({ where: { id: placed.sagaId }, include: { group: true } }));
        return s.step === "AWAIT_PAYMENT" && s.group.paymentId;
      },
      { timeoutMs: 30_000, intervalMs: 100, description: "the saga awaiting the payment" },
    );
    const payment = await getPayment(h.db, waiting);
    const card = await payOnHostedPage(payment.nextActionUrl!, TEST_CARDS.threeDSecure);
    await answerChallenge(card, sandbox.url, "approve");
    expect((await settled(placed.sagaId)).state).toBe("CONFIRMED");
    expect((await getPayment(h.db, waiting)).status).toBe("CAPTURED");
  });
});
