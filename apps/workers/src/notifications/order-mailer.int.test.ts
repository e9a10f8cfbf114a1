import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { paymentsGateway, signOrderLink, type SagaDeps } from "@bazaar/api/checkout";
import { createLocation, receiveStock } from "@bazaar/api/inventory";
import { asPlatform } from "@bazaar/db";
import { enqueue } from "@bazaar/events";
import { waitUntil } from "@bazaar/events/testing";
import { SandboxProvider, type PaymentProvider, type ProviderName } from "@bazaar/payments";
import { startSandboxProcess, TEST_WEBHOOK_SECRET, type SandboxProcess } from "@bazaar/payments/testing";
import { mailpit } from "@bazaar/notifications/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCheckoutSagaWorker } from "../checkout/checkout-saga.worker";
import { startTenancyHarness, type TenancyHarness } from "../onboarding/onboarding.testing";
import { createOutboxRelayWorker } from "../outbox-relay/outbox-relay.worker";
import { notificationsWorker } from "./notifications.worker";
import { createOrderMailerWorker } from "./order-mailer.consumer";

// The shopper's order mails end to end over PostgreSQL, Kafka, the payments sandbox and Mailpit: a
// two-seller checkout confirmed by the saga worker, one seller ships, the other cancels the paid order;
// then a partial refund; each fact arrives once in the shopper's mailbox with the signed link to the order page.

const mailbox = mailpit();
const links = { origin: "http://127.0.0.1:3999", secret: "order-link-secret-for-this-test-only-0123456789" };
let h: TenancyHarness;
let sandbox: SandboxProcess;
let dir: string;
const providers: Partial<Record<ProviderName, PaymentProvider>> = {};
const sellers: { tenantId: string; ownerId: string; variantId: string; name: string }[] = [];
const ADDRESS = { name: "Ada Lovelace", line1: "1 Analytical Way", city: "Berlin", postalCode: "10115", country: "DE" };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "order-mailer-"));
  h = await startTenancyHarness("order_mailer", (deps) => {
    const saga: SagaDeps = { db: deps.db, payments: paymentsGateway({ db: deps.db, providers }, "sandbox") };
    return [createOutboxRelayWorker(deps), createCheckoutSagaWorker(deps, { saga }), createOrderMailerWorker(deps, { links }), notificationsWorker.create(deps)];
  });
  // pm_card_visa authorizes in the call itself: no webhook needs to reach an API server.
  sandbox = await startSandboxProcess({ dbPath: join(dir, "sandbox.sqlite"), webhookUrl: "http://127.0.0.1:9/unused" });
  providers.sandbox = new SandboxProvider({ baseUrl: sandbox.url, webhookSecret: TEST_WEBHOOK_SECRET });
  await asPlatform(h.db, async (tx) => {
    for (const label of ["Mail Mugs", "Mail Books"]) {
      const slug = `${label.toLowerCase().replace(" ", "-")}-${h.runId}`;
      const tenant = await tx.tenant.create({ data: { slug, name: label, type: "SELLER_BUSINESS", plan: "PRO" } });
      const owner = await tx.user.create({ data: { email: `owner.${slug}@mail.test`, name: "Owner", passwordHash: "unused" } });
      await tx.membership.create({ data: { tenantId: tenant.id, userId: owner.id, role: "OWNER" } });
      const store = await tx.store.create({ data: { tenantId: tenant.id, name: label, slug } });
      const product = await tx.product.create({ data: { tenantId: tenant.id, storeId: store.id, title: "Thing", handle: "thing", status: "PUBLISHED", publishedAt: new Date() } });
      const variant = await tx.productVariant.create({ data: { tenantId: tenant.id, productId: product.id, sku: `SKU-${sellers.length}`, title: "One", priceAmount: 1_000, currency: "EUR" } });
      const location = await createLocation(tx, tenant.id, owner.id, { name: "Main", code: "main" });
      await receiveStock(tx, tenant.id, owner.id, { variantId: variant.id, locationId: location.id, quantity: 5 });
      await tx.shippingRate.create({ data: { tenantId: tenant.id, code: "std", name: "Standard", kind: "FLAT", currency: "EUR", baseAmount: 200 } });
      sellers.push({ tenantId: tenant.id, ownerId: owner.id, variantId: variant.id, name: label });
    }
  });
});

afterAll(async () => {
  await sandbox?.stop();
  await h?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("order mailer", () => {
  it("mails the shopper once on confirmation, on shipment with the tracking number, on a cancelled paid order, on refunds and on a refund that failed", async () => {
    const to = `shopper.${h.runId}@mail.test`;
    const c = await h.caller({ session: null });
    const cart = await c.cart.create();
    let version = cart.version;
    for (const s of sellers) version = (await c.cart.setLine({ cartId: cart.cartId, token: cart.token, expectedVersion: version, variantId: s.variantId, quantity: 1 })).version;
    const placed = await c.checkout.placeOrder({ cartId: cart.cartId, token: cart.token, idempotencyKey: `mail-${crypto.randomUUID()}`, email: to, shippingAddress: ADDRESS, paymentMethod: "pm_card_visa" });
    const statusUrl = `${links.origin}/orders/${placed.groupId}?token=${signOrderLink(placed.groupId, links.secret)}`;

    const [confirmed] = await mailbox.waitForMessages(to, 1, { timeoutMs: 60_000, intervalMs: 200 });
    expect(confirmed!.Subject).toBe("Your Bazaar order is confirmed");
    const names = [...sellers].sort((a, b) => a.tenantId.localeCompare(b.tenantId)).map((s) => s.name);
    expect(confirmed!.Text).toContain(`every seller has your order: ${names.join(", ")}.`);
    expect(confirmed!.Text).toContain(statusUrl);

    const orderOf = (tenantId: string) => placed.orders.find((o) => o.tenantId === tenantId)!.orderId;
    const [mugs, books] = [sellers.find((s) => s.name === "Mail Mugs")!, sellers.find((s) => s.name === "Mail Books")!];
    const mugsApi = await h.caller({ session: { userId: mugs.ownerId, platformRole: "NONE" }, tenantId: mugs.tenantId });
    await mugsApi.orders.fulfil({ orderId: orderOf(mugs.tenantId), trackingNumber: "TRACK-MUGS-1" });
    const booksApi = await h.caller({ session: { userId: books.ownerId, platformRole: "NONE" }, tenantId: books.tenantId });
    await booksApi.orders.cancel({ orderId: orderOf(books.tenantId) });

    // The refunds of seller orders emit these contracts; here they are written the way they write them:
    // one refund, then another that the provider refuses after the shopper was told of it.
    const refund = (refundId: string) => ({ groupId: placed.groupId, orderId: orderOf(mugs.tenantId), tenantId: mugs.tenantId, refundId, currency: "EUR" });
    const failedRefundId = crypto.randomUUID();
    await asPlatform(h.db, async (tx) => {
      for (const [refundId, amount] of [[crypto.randomUUID(), 500], [failedRefundId, 300]] as const) {
        await enqueue(tx, {
          type: "orders.order.refunded",
          version: 1,
          tenantId: mugs.tenantId,
          aggregateId: placed.groupId,
          payload: { ...refund(refundId), amount, refundedTotal: amount === 500 ? 500 : 800, full: false, reason: "chipped", actorId: mugs.ownerId },
        });
      }
      await enqueue(tx, {
        type: "orders.refund.failed",
        version: 1,
        tenantId: mugs.tenantId,
        aggregateId: placed.groupId,
        payload: { ...refund(failedRefundId), amount: 300, refundedTotal: 500, status: "PARTIALLY_REFUNDED", error: "refund_declined" },
      });
    });

    const all = await mailbox.waitForMessages(to, 6, { timeoutMs: 60_000, intervalMs: 200 });
    const failed = all.find((m) => m.Subject === "Your refund of €3.00 from Mail Mugs did not go through")!;
    expect(failed.Text).toContain("no money has gone back to your card");
    expect(failed.Text).toContain(statusUrl);
    expect(all.find((m) => m.Subject === "Mail Mugs refunded €5.00")!.Text).toContain("€5.00 goes back to the card you paid with");
    const shipped = all.find((m) => m.Subject === "Mail Mugs shipped your order")!;
    expect(shipped.Text).toContain("Tracking number: TRACK-MUGS-1");
    expect(shipped.Text).toContain(statusUrl);
    const cancelled = all.find((m) => m.Subject === "Mail Books cancelled your order")!;
    const booksTotal = placed.orders.find((o) => o.tenantId === books.tenantId)!.totalAmount;
    expect(cancelled.Text).toContain(`€${(booksTotal / 100).toFixed(2)} goes back to the card you paid with`);

    // Exactly one delivery per fact, every one sent.
    const deliveries = await waitUntil(
      async () => {
        const rows = await asPlatform(h.db, (tx) => tx.notificationDelivery.findMany({ where: { recipient: to } }));
        return rows.length === 6 && rows.every((r) => r.status === "SENT") && rows;
      },
      { timeoutMs: 30_000, intervalMs: 200, description: "six order mails sent" },
    );
    expect(deliveries.map((d) => d.template).sort()).toEqual(["order-confirmed", "order-refund-failed", "order-refunded", "order-refunded", "order-refunded", "order-shipped"]);
    expect(await mailbox.messagesTo(to)).toHaveLength(6);
  });
});
