import { asPlatform, createDb } from "@bazaar/db";
import { uniqueEmail, waitForMail } from "@bazaar/next-kit/e2e-mail";
import { e2eDatabaseUrls } from "@bazaar/next-kit/playwright";
import { expect, test } from "@playwright/test";

import { addToCart, expectAccessible, expectNoHorizontalScroll, fillCheckoutForm, productOf, sellerApi } from "./shop-helpers";

// A guest buys from two sellers in one checkout with a coupon and a 3-D Secure card on the payment
// sandbox's hosted page; the sellers fulfil one order (then refund part of it) and cancel the other through the typed API; the
// shopper follows it all on the signed order page and in their mailbox. Everything runs for real: the
// checkout saga, the sandbox and its webhooks into the API, the order mailer, SMTP into Mailpit. The
// sellers' shipping rates and the US tax rate are the demo seed's, as on a fresh installation.

const SELLERS = [
  { slug: "acme-crafts", owner: "owner@acme-crafts.local" },
  { slug: "bolt-books", owner: "owner@bolt-books.local" },
] as const;
const THREE_D_SECURE_CARD = "4000 0000 0000 3220";

const openDb = () => createDb({ url: e2eDatabaseUrls("bazaar_e2e_web").DATABASE_URL, poolSize: 1, applicationName: "e2e-web-checkout" });

test("a guest checks out across two sellers with a coupon and 3-D Secure; the sellers fulfil, refund and cancel; the shopper sees it", async ({ page }) => {
  test.setTimeout(240_000);
  const acme = await sellerApi(SELLERS[0].owner);
  const bolt = await sellerApi(SELLERS[1].owner);
  const coupon = `E2E-${Date.now().toString(36).toUpperCase()}`;
  await acme.promotions.create.mutate({ code: coupon, kind: "PERCENTAGE", value: 1_000 });

  // The cart: one group per seller, a code that does not exist, then the seller's coupon.
  for (const s of SELLERS) await addToCart(page, await productOf(s.slug));
  await page.goto("/cart");
  const groups = page.getByTestId("cart-seller");
  await expect(groups).toHaveCount(2);
  await expect(page.getByRole("heading", { name: "Sold by Acme Crafts" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Sold by Bolt Books" })).toBeVisible();
  const line = groups.first().getByTestId("cart-line").first();
  await line.getByRole("spinbutton").fill("2");
  await line.getByRole("button", { name: /^Update/ }).click();
  await expect(line.getByRole("spinbutton")).toHaveValue("2");
  // The choice is the API's: the radio turns on once cart.setShipping answered.
  await groups.first().getByRole("radio", { name: /Express/ }).click();
  await expect(groups.first().getByRole("radio", { name: /Express/ })).toBeChecked();
  await page.getByLabel("Coupon code").fill("NO-SUCH-CODE");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("coupon-message")).toHaveText("There is no coupon with this code.");
  await page.getByLabel("Coupon code").fill(coupon);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("applied-coupon")).toContainText(coupon);
  await expect(page.getByTestId("cart-discount")).toBeVisible();
  await expectAccessible(page, "cart");
  await page.setViewportSize({ width: 375, height: 740 });
  await expectAccessible(page, "cart at 375px");
  await expectNoHorizontalScroll(page, "cart at 375px");
  await page.setViewportSize({ width: 1280, height: 900 });

  // Checkout: every missing field is named, then the address and on to the payment page.
  await page.getByRole("link", { name: "Checkout" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Checkout" })).toBeVisible();
  await page.getByRole("button", { name: "Place order and pay" }).click();
  await expect(page.locator(".field-error")).toHaveCount(6);
  await expectAccessible(page, "checkout with errors");
  const email = uniqueEmail("guest-checkout");
  await fillCheckoutForm(page, email);
  // A double click is one attempt, one key: one order group.
  await page.getByRole("button", { name: "Place order and pay" }).dblclick();

  // The sandbox's hosted page, then its 3-D Secure challenge.
  await page.waitForURL(/127\.0\.0\.1:4381\/pay\//, { timeout: 60_000 });
  await page.getByLabel("Card number").fill(THREE_D_SECURE_CARD);
  await page.getByLabel("Expiry (MM/YY)").fill("12/34");
  await page.getByLabel("Security code").fill("123");
  await page.getByRole("button", { name: /^Pay / }).click();
  await expect(page.getByRole("heading", { name: "Confirm this payment" })).toBeVisible();
  await page.getByRole("button", { name: "Approve" }).click();
  await page.getByRole("link", { name: "Return to the shop" }).click();

  // Back on the signed order page: it follows the saga to confirmed.
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}\?token=[A-Za-z0-9_-]+&payment_intent=/);
  const url = new URL(page.url());
  const groupId = url.pathname.split("/")[2]!;
  await expect(page.getByTestId("group-status")).toHaveAttribute("data-status", "CONFIRMED", { timeout: 60_000 });
  const orders = page.getByTestId("seller-order");
  await expect(orders).toHaveCount(2);
  await expect(orders.getByTestId("order-status")).toHaveText(["Paid — being prepared", "Paid — being prepared"]);
  await expectAccessible(page, "order confirmation");
  await page.setViewportSize({ width: 375, height: 740 });
  await expectNoHorizontalScroll(page, "order confirmation at 375px");
  await page.setViewportSize({ width: 1280, height: 900 });
  const confirmed = await waitForMail(email, /order is confirmed/, 60_000);
  expect(confirmed.text).toContain(`/orders/${groupId}?token=${url.searchParams.get("token")}`);
  // The double click placed one order group.
  const db = openDb();
  try {
    expect(await asPlatform(db, (tx) => tx.orderGroup.count({ where: { email } }))).toBe(1);
  } finally {
    await db.$disconnect();
  }

  // The sellers act through the typed API: Acme ships, then refunds part of the shipped order (a refund
  // after fulfilment, paid back by the order-refunds worker); Bolt cancels its paid order (refunded by the saga).
  const acmeOrder = (await acme.orders.list.query({})).items.find((o) => o.groupId === groupId)!;
  const boltOrder = (await bolt.orders.list.query({})).items.find((o) => o.groupId === groupId)!;
  const tracking = `1Z-E2E-${Date.now().toString(36).toUpperCase()}`;
  await acme.orders.fulfil.mutate({ orderId: acmeOrder.id, trackingNumber: tracking });
  await acme.orders.refund.mutate({ orderId: acmeOrder.id, idempotencyKey: crypto.randomUUID(), amount: 300, reason: "Arrived with a scratch" });
  await bolt.orders.cancel.mutate({ orderId: boltOrder.id });

  await page.reload();
  const acmeCard = page.locator('[data-testid="seller-order"][data-seller="Acme Crafts"]');
  const boltCard = page.locator('[data-testid="seller-order"][data-seller="Bolt Books"]');
  await expect(acmeCard.getByTestId("order-status")).toHaveText("Partly refunded");
  await expect(acmeCard.getByTestId("tracking-number")).toHaveText(tracking);
  await expect(boltCard.getByTestId("order-status")).toHaveText("Cancelled");
  // The saga refunds the cancelled share after the event; the page shows it once the provider answered.
  // The page renders the group in the browser (it polls while in checkout): counted once it is there,
  // not at the load event, which can come before the group's first answer.
  await expect
    .poll(
      async () => {
        await page.reload();
        await expect(page.getByTestId("group-status")).toBeVisible();
        return page.getByTestId("group-refunded").count();
      },
      { timeout: 60_000, intervals: [500, 1_000, 2_000] },
    )
    .toBe(1);

  const shipped = await waitForMail(email, /Acme Crafts shipped your order/, 60_000);
  expect(shipped.text).toContain(`Tracking number: ${tracking}`);
  const refunded = await waitForMail(email, /Acme Crafts refunded/, 60_000);
  expect(refunded.subject).toMatch(/Acme Crafts refunded \S*3[.,]00/);
  const cancelled = await waitForMail(email, /Bolt Books cancelled your order/, 60_000);
  expect(cancelled.text).toContain("goes back to the card you paid with");
});

test("a guest's order page refuses a forged link", async ({ page }) => {
  await page.goto(`/orders/${crypto.randomUUID()}?token=${"A".repeat(43)}`);
  await expect(page.getByText("We could not find this order")).toHaveAttribute("role", "alert");
  await expectAccessible(page, "order page with a forged link");
});
