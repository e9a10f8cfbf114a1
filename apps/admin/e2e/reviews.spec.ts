import { randomUUID } from "node:crypto";
import { asPlatform, createDb } from "@bazaar/db";
import { collectBrowserErrors, e2eDatabaseUrls } from "@bazaar/next-kit/playwright";
import { expect, test, type Page } from "@playwright/test";

import { DEMO_PASSWORD, runId, signInToOnlyTenant } from "./seller";

// The ops console's moderation queue and the seller's reviews page. A shopper's delivered order and
// their two reviews (one pending, one held for a link) are recorded as the reviews service leaves them:
// writing a review is packages/api's and the storefront's concern, tested there.

const run = runId();
const pendingTitle = `Sturdy and warm ${run}`;
const heldTitle = `Cheaper elsewhere ${run}`;
const markup = `<b>bold</b> <script>window.__pwned = true</script>`;

test.beforeAll(async () => {
  const db = createDb({ url: e2eDatabaseUrls("bazaar_e2e_admin").DATABASE_URL, poolSize: 1, applicationName: "e2e-admin-reviews" });
  try {
    await asPlatform(db, async (tx) => {
      const tenant = await tx.tenant.findFirstOrThrow({ where: { slug: "acme-crafts" } });
      const variants = await tx.productVariant.findMany({ where: { tenantId: tenant.id }, take: 2, orderBy: { sku: "asc" }, select: { id: true, productId: true, sku: true } });
      const shopper = await tx.user.create({ data: { email: `shopper-${run}@reviews.test`, name: `Shopper ${run}`, passwordHash: "unused", createdAt: new Date(Date.now() - 30 * 86_400_000) } });
      const groupId = randomUUID();
      const orderId = randomUUID();
      await tx.orderGroup.create({ data: { id: groupId, idempotencyKey: `e2e-rev-${run}`, cartId: "cart", shopperUserId: shopper.id, email: shopper.email, shippingAddress: {}, currency: "EUR", totalAmount: 2_000, status: "CONFIRMED" } });
      const lineIds = variants.map(() => randomUUID());
      await tx.order.create({
        data: {
          id: orderId, tenantId: tenant.id, groupId, status: "DELIVERED", currency: "EUR", subtotalAmount: 2_000, shippingAmount: 0, taxAmount: 0, totalAmount: 2_000,
          pricesIncludeTax: false, shippingRateCode: "std", commissionPlan: "PRO", commissionBps: 1_000, commissionAmount: 200, captureAt: "CONFIRMATION",
          lines: { create: variants.map((v, i) => ({ id: lineIds[i]!, variantId: v.id, sku: v.sku, title: v.sku, quantity: 1, unitPriceAmount: 1_000, lineTotalAmount: 1_000 })) },
        },
      });
      const common = { tenantId: tenant.id, subject: "PRODUCT" as const, orderId, authorUserId: shopper.id, authorName: `Shopper ${run}`, editableUntil: new Date(Date.now() + 86_400_000) };
      await tx.review.create({ data: { ...common, productId: variants[0]!.productId, orderLineId: lineIds[0]!, rating: 5, title: pendingTitle, body: `Wore it all winter.\n${markup}` } });
      await tx.review.create({ data: { ...common, productId: variants[1]!.productId, orderLineId: lineIds[1]!, rating: 1, title: heldTitle, body: "see www.elsewhere.example", status: "HELD", holdReasons: ["link"] } });
    });
  } finally {
    await db.$disconnect();
  }
});

async function signIn(page: Page, email: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("banner").getByTestId("signed-in-as")).toBeVisible();
}

test("an operator approves a pending review and rejects a held one with a reason; the seller replies once", async ({ page }) => {
  const errors = collectBrowserErrors(page);
  await signIn(page, "operator@bazaar.local");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Ops: reviews" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Review moderation" })).toBeVisible();

  // Held by a rule: the reason is shown; rejecting needs a reason.
  const held = page.getByRole("article", { name: `Review: ${heldTitle}` });
  await expect(held.getByTestId("hold-reasons")).toHaveText("Contains a link");
  await held.getByRole("button", { name: "Reject" }).click();
  await expect(held.getByText("Say why: the author is told.")).toBeVisible();
  await held.getByLabel(/Reason to reject/).fill("Links to other shops are not allowed.");
  await held.getByRole("button", { name: "Reject" }).click();
  await expect(held).toHaveCount(0);

  // Pending: the text shows exactly as written (markup as text, nothing executed), then approve.
  await page.getByLabel("pending", { exact: true }).check();
  const pending = page.getByRole("article", { name: `Review: ${pendingTitle}` });
  await expect(pending).toContainText(markup);
  await pending.getByRole("button", { name: "Approve" }).click();
  await expect(pending).toHaveCount(0);
  expect(await page.evaluate(() => (window as { __pwned?: boolean }).__pwned)).toBeUndefined();
  expect(errors).toEqual([]);

  // The seller's page: the published review gets one public reply; the rejected one shows as rejected.
  await page.context().clearCookies();
  await signInToOnlyTenant(page, "owner@acme-crafts.local", "Acme Crafts");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reviews" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reviews" })).toBeVisible();
  const mine = page.getByRole("article", { name: `Review: ${pendingTitle}` });
  await expect(mine).toContainText("published");
  await expect(page.getByRole("article", { name: `Review: ${heldTitle}` })).toContainText("rejected");
  await mine.getByLabel("Public reply (once)").fill("Thank you, glad it kept you warm!");
  await mine.getByRole("button", { name: "Reply" }).click();
  await expect(mine.getByTestId("reply")).toContainText("Thank you, glad it kept you warm!");
  await expect(mine.getByRole("button", { name: "Reply" })).toHaveCount(0);
});
