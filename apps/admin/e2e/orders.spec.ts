import { createBazaarClient } from "@bazaar/api/client";
import { collectBrowserErrors } from "@bazaar/next-kit/playwright";
import { expect, test, type Page } from "@playwright/test";

import { readCheckoutFixture } from "./checkout-fixture";
import { runId, signInToOnlyTenant } from "./seller";

// A shopper's order for the demo seller Acme Crafts is placed through the API (guest cart, checkout with
// the sandbox's test card); the checkout saga worker confirms and captures it. The seller finds it in
// the dashboard, ships it with a tracking number and refunds part of it; the refund worker pays it back.

const OWNER = "owner@acme-crafts.local";

/** A guest's order of two of the demo variant, paid with the sandbox's test card; its Acme Crafts order id. */
async function placeOrder(url: string, id: string): Promise<string> {
  const fixture = readCheckoutFixture();
  const api = createBazaarClient({ url });
  const cart = await api.cart.create.mutate();
  await api.cart.setLine.mutate({ cartId: cart.cartId, token: cart.token, expectedVersion: cart.version, variantId: fixture.variantId, quantity: 2 });
  const placed = await api.checkout.placeOrder.mutate({
    cartId: cart.cartId,
    token: cart.token,
    idempotencyKey: `e2e-orders-${id}`,
    email: `shopper-${id}@example.test`,
    shippingAddress: { name: "Ada Lovelace", line1: "1 Analytical Way", city: "Berlin", postalCode: "10115", country: "DE" },
    paymentMethod: "pm_card_visa",
  });
  return placed.orders.find((o) => o.tenantId === fixture.tenantId)!.orderId;
}

/** Reloads until the saga worker confirmed the order and captured the payment. */
async function waitForCapture(page: Page) {
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("order-status")).toHaveText("Paid", { timeout: 2_000 });
    await expect(page.getByText(/captured \(sandbox/)).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 90_000 });
}

test("a seller ships an order with a tracking number and refunds part of it", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const errors = collectBrowserErrors(page);
  const id = runId();

  const orderId = await placeOrder(`${baseURL}/api/trpc`, id);

  await signInToOnlyTenant(page, OWNER, "Acme Crafts");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Orders" }).click();
  await expect(page).toHaveURL(/\/tenant\/orders$/);
  await page.getByLabel("Order id or shopper email").fill(`shopper-${id}@example.test`);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/search=/);
  await page.getByTestId("orders").getByRole("link", { name: orderId.slice(0, 8) }).click();
  await expect(page).toHaveURL(new RegExp(`/tenant/orders/${orderId}$`));

  // The saga runs in the workers: reload until it confirmed the order and captured the payment.
  const status = page.getByTestId("order-status");
  await waitForCapture(page);

  await page.getByLabel("Tracking number").fill(`TRK-${id}`);
  await page.getByRole("button", { name: "Mark as shipped" }).click();
  await expect(page.getByText("Marked as shipped.")).toBeVisible();
  await expect(status).toHaveText("Fulfilled");
  await expect(page.getByTestId("order-tracking")).toHaveText(`TRK-${id}`);

  // More than the order is refused with the typed error, and nothing changes.
  const refund = page.getByRole("form", { name: "Refund" });
  await refund.getByLabel(/^Amount/).fill("100000");
  await refund.getByLabel("Reason").fill("too much");
  await refund.getByRole("button", { name: "Refund" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "more than what is left" })).toBeVisible();
  await expect(status).toHaveText("Fulfilled");
  // The refused call is logged by the browser and tRPC's logger as it should be; nothing else may be.
  errors.length = 0;

  await refund.getByLabel(/^Amount/).fill("5.00");
  await refund.getByLabel("Reason").fill("scratched on arrival");
  await refund.getByRole("button", { name: "Refund" }).click();
  await expect(page.getByText(/Refund recorded/)).toBeVisible();
  await expect(status).toHaveText("Partially refunded");
  const refunds = page.getByTestId("refunds");
  await expect(refunds).toContainText("scratched on arrival");
  // The refund worker asks the sandbox; the page polls while a refund is on its way.
  await expect(refunds.getByRole("cell", { name: "Refunded", exact: true })).toBeVisible({ timeout: 60_000 });
  expect(errors).toEqual([]);
});

test("a seller refunds an item before shipping and still ships the rest", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const errors = collectBrowserErrors(page);
  const id = runId();
  const orderId = await placeOrder(`${baseURL}/api/trpc`, id);

  await signInToOnlyTenant(page, OWNER, "Acme Crafts");
  await page.goto(`/tenant/orders/${orderId}`);
  const status = page.getByTestId("order-status");
  await waitForCapture(page);

  // Checked before each try: a retry after a submit that landed never refunds a second time.
  const refund = page.getByRole("form", { name: "Refund" });
  await expect(async () => {
    if ((await status.textContent()) !== "Partially refunded") {
      await refund.getByLabel(/^Amount/).fill("3.00");
      await refund.getByLabel("Reason").fill("one item out of stock");
      await refund.getByRole("button", { name: "Refund" }).click();
    }
    await expect(status).toHaveText("Partially refunded", { timeout: 3_000 });
  }).toPass({ timeout: 30_000 });

  // The fulfil form is still offered; shipping moves the order on to Fulfilled.
  await expect(async () => {
    if ((await status.textContent()) !== "Fulfilled") {
      await page.getByLabel("Tracking number").fill(`TRK-REST-${id}`);
      await page.getByRole("button", { name: "Mark as shipped" }).click();
    }
    await expect(status).toHaveText("Fulfilled", { timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId("order-tracking")).toHaveText(`TRK-REST-${id}`);
  await expect(page.getByRole("button", { name: "Mark as shipped" })).toHaveCount(0);
  await expect(page.getByTestId("refunds")).toContainText("one item out of stock");
  expect(errors).toEqual([]);
});
