// Fixtures for the cart and checkout integration tests: the inventory harness's sellers with their
// products published, one stock location with stock, a flat shipping rate, a tax rate for DE, the
// payments sandbox as its own process, and a saga gateway over the real payments service.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asPlatform } from "@bazaar/db";
import { SandboxProvider, type PaymentProvider, type ProviderName } from "@bazaar/payments";
import { startSandboxProcess, TEST_WEBHOOK_SECRET, type SandboxProcess } from "@bazaar/payments/testing";
import { createLocation, receiveStock } from "../inventory/inventory.service";
import { startInventoryHarness, type InventoryHarness, type SellerFixture } from "../inventory/inventory.testing";
import { paymentsGateway, type PaymentGateway } from "./payment-gateway";

export interface ShopSeller extends SellerFixture {
  locationId: string;
}

export interface CheckoutWorld extends InventoryHarness {
  sandbox: SandboxProcess;
  gateway: PaymentGateway;
  shop(label: string, variants: number, stock: number, options?: { shipping?: number; captureAt?: "CONFIRMATION" | "FULFILMENT" }): Promise<ShopSeller>;
  /** A new cart (a guest's, or `userId`'s) holding `lines`, with the caller that owns it. */
  cart(lines: { variantId: string; quantity: number }[], userId?: string | null): Promise<TestCart>;
}

export interface TestCart {
  c: Awaited<ReturnType<InventoryHarness["caller"]>>;
  cartId: string;
  token: string;
  version: number;
}

export const ADDRESS = { name: "Ada Lovelace", line1: "1 Analytical Way", city: "Berlin", postalCode: "10115", country: "DE" } as const;

export async function startCheckoutWorld(suffix: string, options: { poolSize?: number } = {}): Promise<CheckoutWorld> {
  const harness = await startInventoryHarness(suffix, options);
  const dir = mkdtempSync(join(tmpdir(), `checkout-${suffix}-`));
  // Webhooks have nowhere to go: the saga asks the payments service, which asks the provider.
  const sandbox = await startSandboxProcess({ dbPath: join(dir, "sandbox.sqlite"), webhookUrl: "http://127.0.0.1:9/unused" });
  const providers: Partial<Record<ProviderName, PaymentProvider>> = { sandbox: new SandboxProvider({ baseUrl: sandbox.url, webhookSecret: TEST_WEBHOOK_SECRET }) };
  const gateway = paymentsGateway({ db: harness.db, providers }, "sandbox");
  await asPlatform(harness.db, (tx) => tx.taxRate.upsert({ where: { region: "DE" }, create: { region: "DE", rateBps: 1_900 }, update: {} }));
  return {
    ...harness,
    sandbox,
    gateway,
    async shop(label, variants, stock, shopOptions = {}) {
      const seller = await harness.seller(label, variants);
      const locationId = await asPlatform(harness.db, async (tx) => {
        await tx.product.updateMany({ where: { id: seller.productId }, data: { status: "PUBLISHED", publishedAt: new Date() } });
        const location = await createLocation(tx, seller.tenantId, seller.users.OWNER, { name: "Main", code: "main" });
        for (const variantId of seller.variantIds) {
          await receiveStock(tx, seller.tenantId, seller.users.OWNER, { variantId, locationId: location.id, quantity: stock });
        }
        await tx.shippingRate.create({ data: { tenantId: seller.tenantId, code: "std", name: "Standard", kind: "FLAT", currency: "EUR", baseAmount: shopOptions.shipping ?? 490 } });
        if (shopOptions.captureAt) await tx.sellerCheckoutSettings.create({ data: { tenantId: seller.tenantId, captureAt: shopOptions.captureAt } });
        return location.id;
      });
      return { ...seller, locationId };
    },
    async cart(lines, userId = null) {
      const c = await harness.caller(userId);
      const cart = await c.cart.create();
      let version = cart.version;
      for (const line of lines) version = (await c.cart.setLine({ cartId: cart.cartId, token: cart.token, expectedVersion: version, ...line })).version;
      return { c, cartId: cart.cartId, token: cart.token, version };
    },
    async close() {
      await sandbox.stop();
      await harness.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
