import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// What the orders spec buys: written by `pnpm --filter @bazaar/api checkout:e2e-shop` in the workers'
// setup (playwright.config.ts), read by the spec. One run at a time holds the admin e2e lock.
export const CHECKOUT_FIXTURE = join(tmpdir(), "bazaar-e2e-admin-checkout.json");
export const SANDBOX_PORT = 4291;

export interface CheckoutFixture {
  tenantId: string;
  variantId: string;
  currency: string;
}

export const readCheckoutFixture = (): CheckoutFixture => JSON.parse(readFileSync(CHECKOUT_FIXTURE, "utf8")) as CheckoutFixture;
