import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { paymentsGateway } from "@bazaar/api/checkout";
import { createLocation, receiveStock } from "@bazaar/api/inventory";
import { asPlatform } from "@bazaar/db";
import { waitUntil } from "@bazaar/events/testing";
import { SandboxProvider, type PaymentProvider, type ProviderName } from "@bazaar/payments";
import { startSandboxProcess, TEST_WEBHOOK_SECRET, type SandboxProcess } from "@bazaar/payments/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTenancyHarness, type TenancyHarness } from "../onboarding/onboarding.testing";
import { createOutboxRelayWorker } from "../outbox-relay/outbox-relay.worker";
import { createCheckoutSagaWorker } from "./checkout-saga.worker";
import { createOrderRefundsWorker } from "./order-refunds.worker";

// A seller's refund driven the way production drives it: `orders.order.refunded` goes through the relay
// to Kafka, the order-refunds worker asks the payments sandbox process (key = refund id) and marks the
// refund SUCCEEDED; nothing in the test executes the refund itself.

let h: TenancyHarness;
let sandbox: SandboxProcess;
const providers: Partial<Record<ProviderName, PaymentProvider>> = {};
let dir: string;
const seller = { tenantId: "", variantId: "", managerId: "" };
const ADDRESS = { name: "Ada Lovelace", line1: "1 Analytical Way", city: "Berlin", postalCode: "10115", country: "DE" };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "order-refunds-worker-"));
  h = await startTenancyHarness("order_refunds_worker", (deps) => {
    const payments = paymentsGateway({ db: deps.db, providers }, "sandbox");
    return [createOutboxRelayWorker(deps), createCheckoutSagaWorker(deps, { saga: { db: deps.db, payments } }), createOrderRefundsWorker(deps, { refunds: { db: deps.db, payments } })];
  });
  sandbox = await startSandboxProcess({ dbPath: join(dir, "sandbox.sqlite"), webhookUrl: "http://127.0.0.1:9/unused" });
  providers.sandbox = new SandboxProvider({ baseUrl: sandbox.url, webhookSecret: TEST_WEBHOOK_SECRET });
  await asPlatform(h.db, async (tx) => {
    const tenant = await tx.tenant.create({ data: { slug: `refunds-${h.runId}`, name: "Refund Co", type: "SELLER_BUSINESS", plan: "FREE" } });
    const manager = await tx.user.create({ data: { email: `manager.${h.runId}@refunds.test`, name: "Manager", passwordHash: "unused" } });
    await tx.membership.create({ data: { tenantId: tenant.id, userId: manager.id, role: "MANAGER" } });
    const store = await tx.store.create({ data: { tenantId: tenant.id, name: "Refund Co", slug: `refunds-${h.runId}` } });
    const product = await tx.product.create({ data: { tenantId: tenant.id, storeId: store.id, title: "Mug", handle: "mug", status: "PUBLISHED", publishedAt: new Date() } });
    const variant = await tx.productVariant.create({ data: { tenantId: tenant.id, productId: product.id, sku: "MUG", title: "Blue", priceAmount: 1_200, currency: "EUR" } });
    const location = await createLocation(tx, tenant.id, manager.id, { name: "Main", code: "main" });
    await receiveStock(tx, tenant.id, manager.id, { variantId: variant.id, locationId: location.id, quantity: 10 });
    await tx.shippingRate.create({ data: { tenantId: tenant.id, code: "std", name: "Standard", kind: "FLAT", currency: "EUR", baseAmount: 300 } });
    Object.assign(seller, { tenantId: tenant.id, variantId: variant.id, managerId: manager.id });
  });
});

afterAll(async () => {
  await sandbox?.stop();
  await h?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("order-refunds worker", () => {
  it("pays back a seller's refund once, through Kafka, with no test code executing it", { timeout: 90_000 }, async () => {
    const shopper = await h.caller({ session: null });
    const cart = await shopper.cart.create();
    await shopper.cart.setLine({ cartId: cart.cartId, token: cart.token, expectedVersion: 1, variantId: seller.variantId, quantity: 2 });
    const placed = await shopper.checkout.placeOrder({ cartId: cart.cartId, token: cart.token, idempotencyKey: `rw-${crypto.randomUUID()}`, email: "r@example.test", shippingAddress: ADDRESS, paymentMethod: "pm_card_visa" });
    const paymentId = await waitUntil(
      async () => {
        const g = await asPlatform(h.db, (tx) => tx.orderGroup.findUniqueOrThrow({ where: { id: placed.groupId }, include: { saga: true } }));
        return g.saga?.state === "CONFIRMED" && g.paymentId;
      },
      { timeoutMs: 60_000, intervalMs: 100, description: "the saga to confirm and capture" },
    );

    const manager = await h.caller({ session: { userId: seller.managerId, platformRole: "NONE" }, tenantId: seller.tenantId });
    const refund = await manager.orders.refund({ orderId: placed.orders[0]!.orderId, idempotencyKey: `rw-${placed.groupId}`, amount: 900, reason: "chipped" });
    expect(refund.state).toBe("PENDING");
    await waitUntil(async () => (await asPlatform(h.db, (tx) => tx.orderRefund.findUniqueOrThrow({ where: { id: refund.id } }))).state === "SUCCEEDED", {
      timeoutMs: 60_000,
      intervalMs: 100,
      description: "the refund worker to pay the refund back",
    });
    const payment = await asPlatform(h.db, (tx) => tx.payment.findUniqueOrThrow({ where: { id: paymentId } }));
    expect(payment).toMatchObject({ status: "PARTIALLY_REFUNDED", refundedAmount: 900 });
  });
});
