import { asPlatform } from "@bazaar/db";
import { waitUntil } from "@bazaar/events/testing";
import { mailpit } from "@bazaar/notifications/testing";
import { metricsText } from "@bazaar/observability";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notificationsWorker } from "../notifications/notifications.worker";
import { createOutboxRelayWorker } from "../outbox-relay/outbox-relay.worker";
import { startTenancyHarness, type TenancyHarness } from "../onboarding/onboarding.testing";
import { createLowStockNotifierWorker } from "./low-stock-notifier.consumer";
import { createReservationSweeperWorker } from "./reservation-sweeper.worker";

// The inventory workers hosted in-process as the workers app hosts them, over real PostgreSQL, Kafka
// and Mailpit: a reservation takes a variant across its threshold, the alert travels outbox → Kafka →
// low-stock notifier → outbox → Kafka → notifications worker → SMTP, and the sweeper (its clock two
// hours ahead) expires holds on its own schedule.

const mailbox = mailpit();
let h: TenancyHarness;
const seller = { tenantId: "", variantId: "", productId: "", owner: "", admin: "", manager: "", ownerEmail: "", adminEmail: "", managerEmail: "" };

beforeAll(async () => {
  h = await startTenancyHarness("inventory_workers", (deps) => [
    createOutboxRelayWorker(deps),
    createLowStockNotifierWorker(deps, { inventoryUrl: "http://127.0.0.1:3001/inventory" }),
    notificationsWorker.create(deps),
    createReservationSweeperWorker(deps, { intervalMs: 200, batch: 10, now: () => new Date(Date.now() + 2 * 3_600_000) }),
  ]);
  await asPlatform(h.db, async (tx) => {
    const tenant = await tx.tenant.create({ data: { slug: `stock-${h.runId}`, name: "Stock Co", type: "SELLER_BUSINESS", plan: "PRO" } });
    const store = await tx.store.create({ data: { tenantId: tenant.id, name: "Stock Co", slug: `stock-${h.runId}` } });
    const product = await tx.product.create({ data: { tenantId: tenant.id, storeId: store.id, title: "Linen shirt", handle: "linen-shirt" } });
    const variant = await tx.productVariant.create({ data: { tenantId: tenant.id, productId: product.id, sku: "LIN-M", title: "M", priceAmount: 4_900, currency: "EUR" } });
    Object.assign(seller, { tenantId: tenant.id, variantId: variant.id, productId: product.id });
    for (const role of ["OWNER", "ADMIN", "MANAGER"] as const) {
      const email = `${role.toLowerCase()}.${h.runId}@stock.test`;
      const user = await tx.user.create({ data: { email, name: role, passwordHash: "unused" } });
      await tx.membership.create({ data: { tenantId: tenant.id, userId: user.id, role } });
      Object.assign(seller, { [role.toLowerCase()]: user.id, [`${role.toLowerCase()}Email`]: email });
    }
  });
});

afterAll(async () => {
  await h?.close();
});

describe("inventory workers", () => {
  it("mails the seller's owner and admin once when stock crosses its threshold, and not the manager", async () => {
    const api = await h.caller({ session: { userId: seller.manager, platformRole: "NONE" }, tenantId: seller.tenantId });
    const location = await api.inventory.createLocation({ name: "Main", code: "main" });
    await api.inventory.receiveStock({ variantId: seller.variantId, locationId: location.id, quantity: 5 });
    await api.inventory.setThreshold({ variantId: seller.variantId, threshold: 3 });
    await api.inventory.reserve({ idempotencyKey: `low-${h.runId}`, ttlSeconds: 600, lines: [{ variantId: seller.variantId, quantity: 2 }] }); // 5 → 3
    await api.inventory.adjustStock({ variantId: seller.variantId, locationId: location.id, delta: -1, reason: "damaged" }); // 3 → 2: no second alert

    for (const to of [seller.ownerEmail, seller.adminEmail]) {
      const [mail] = await mailbox.waitForMessages(to, 1, { timeoutMs: 60_000, intervalMs: 200 });
      expect(mail!.Subject).toBe("Low stock: Linen shirt – M (LIN-M) at all locations");
      expect(mail!.Text).toContain("is down to 3 at all locations, at or below its reorder threshold of 3");
      expect(mail!.Text).toContain("http://127.0.0.1:3001/inventory");
    }
    const deliveries = await waitUntil(
      async () => {
        const rows = await asPlatform(h.db, (tx) => tx.notificationDelivery.findMany({ where: { tenantId: seller.tenantId, template: "low-stock" } }));
        return rows.length === 2 && rows.every((r) => r.status === "SENT") && rows;
      },
      { timeoutMs: 30_000, intervalMs: 200, description: "two low-stock deliveries sent" },
    );
    expect(deliveries.map((d) => d.recipient).sort()).toEqual([seller.adminEmail, seller.ownerEmail].sort());
    expect(await mailbox.messagesTo(seller.managerEmail)).toEqual([]);
    expect(await asPlatform(h.db, (tx) => tx.outboxEvent.count({ where: { type: "inventory.stock.low", tenantId: seller.tenantId } }))).toBe(1);
  });

  it("expires a due reservation on the sweeper's schedule, gives the units back and counts it", async () => {
    const api = await h.caller({ session: { userId: seller.manager, platformRole: "NONE" }, tenantId: seller.tenantId });
    const held = await api.inventory.reserve({ idempotencyKey: `sweep-${h.runId}`, ttlSeconds: 60, lines: [{ variantId: seller.variantId, quantity: 1 }] });
    await waitUntil(async () => (await api.inventory.getReservation({ reservationId: held.id })).status === "EXPIRED", {
      timeoutMs: 30_000,
      intervalMs: 100,
      description: "reservation expired by the sweeper",
    });
    const levels = await api.inventory.listLevels({ variantId: seller.variantId });
    expect(levels.levels[0]).toMatchObject({ reserved: 0, onHand: 4, available: 4 });
    expect(await api.inventory.checkLedger()).toMatchObject({ balanced: true });
    expect(await metricsText()).toMatch(/inventory_reservations_expired_total \d+/);
    expect(h.host.checks()["worker:reservation-sweeper"]).toBeDefined();
    await h.host.checks()["worker:reservation-sweeper"]!();
  });
});
