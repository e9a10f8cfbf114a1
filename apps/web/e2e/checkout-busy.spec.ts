import { randomUUID } from "node:crypto";

import { asPlatform, createDb } from "@bazaar/db";
import { uniqueEmail } from "@bazaar/next-kit/e2e-mail";
import { e2eDatabaseUrls } from "@bazaar/next-kit/playwright";
import { expect, test } from "@playwright/test";

import { addToCart, expectAccessible, fillCheckoutForm, productOf } from "./shop-helpers";

// Checkout admission (docs/decisions/0032) as the shopper meets it. This run's app admits a checkout
// while at most 3 checkouts wait for their saga's first step and holds one for 1.5 s before refusing it
// as busy (playwright.config.ts). The backlog is made for real: order groups whose sagas wait at RESERVE
// with a deadline an hour away. No event announces them, so no consumer runs them and the resumer leaves
// them alone until then; ending them makes room, as finished sagas would.

const BACKLOG = 4;
const openDb = () => createDb({ url: e2eDatabaseUrls("bazaar_e2e_web").DATABASE_URL, poolSize: 1, applicationName: "e2e-web-checkout-busy" });

test("a busy checkout counts down and tries again by itself; after three tries the shopper is told, and nothing was placed until there was room", async ({ page }) => {
  test.setTimeout(120_000);
  const db = openDb();
  const run = randomUUID().slice(0, 8);
  const groupIds = Array.from({ length: BACKLOG }, () => randomUUID());
  const makeBacklog = () =>
    asPlatform(db, async (tx) => {
      await tx.orderGroup.createMany({
        data: groupIds.map((id, i) => ({ id, idempotencyKey: `e2e-busy-${run}-${i}`, cartId: `e2e-busy-${run}-${i}`, email: "backlog@example.test", shippingAddress: {}, currency: "USD", totalAmount: 100 })),
      });
      await tx.checkoutSaga.createMany({ data: groupIds.map((groupId) => ({ id: randomUUID(), groupId, deadline: new Date(Date.now() + 3_600_000) })) });
    });
  // Ended as a compensated saga ends (sagas are never deleted; the app's role may not).
  const clearBacklog = () =>
    asPlatform(db, async (tx) => {
      await tx.checkoutSaga.updateMany({ where: { groupId: { in: groupIds } }, data: { state: "COMPENSATED", step: "DONE" } });
      await tx.orderGroup.updateMany({ where: { id: { in: groupIds } }, data: { status: "CANCELLED" } });
    });
  const email = uniqueEmail("busy-checkout");
  const placedGroups = () => asPlatform(db, (tx) => tx.orderGroup.count({ where: { email } }));
  try {
    await addToCart(page, await productOf("acme-crafts"));
    await page.goto("/checkout");
    await expect(page.getByRole("heading", { level: 1, name: "Checkout" })).toBeVisible();
    await fillCheckoutForm(page, email);
    await makeBacklog();

    // Refused as busy: the form counts down to its next try and keeps the button from a second attempt.
    const place = page.getByRole("button", { name: "Place order and pay" });
    const refusal = page.waitForResponse((r) => r.url().includes("checkout.placeOrder") && r.status() === 503);
    await place.click();
    // The refusal says when to come back, as RFC 9110 allows a 503 to: the app's 1.5 s wait, rounded up.
    expect((await refusal).headers()["retry-after"]).toBe("2");
    const countdown = page.getByTestId("checkout-busy");
    await expect(countdown).toContainText(/Trying again in \d+ s/, { timeout: 15_000 });
    await expect(page.getByRole("button", { name: /^Trying again in \d+ s/ })).toBeDisabled();
    await expectAccessible(page, "checkout counting down while busy");
    // Still busy after its three tries: the shopper is told, the button is theirs again, nothing placed.
    await expect(page.getByRole("alert").filter({ hasText: "Checkout is very busy right now" })).toBeVisible({ timeout: 45_000 });
    await expect(countdown).toHaveCount(0);
    await expect(place).toBeEnabled();
    expect(await placedGroups()).toBe(0);

    // Again, and this time the sagas catch up during the countdown: the form's own next try is placed
    // and the shopper goes on to pay.
    await place.click();
    await expect(countdown).toContainText(/Trying again in \d+ s/, { timeout: 15_000 });
    expect(await placedGroups()).toBe(0);
    await clearBacklog();
    await page.waitForURL(/127\.0\.0\.1:4381\/pay\//, { timeout: 60_000 });
    // Every try was the same attempt (one idempotency key): one order group.
    expect(await placedGroups()).toBe(1);
  } finally {
    await clearBacklog();
    await db.$disconnect();
  }
});
