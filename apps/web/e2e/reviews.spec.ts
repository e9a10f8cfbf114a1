import { collectBrowserErrors } from "@bazaar/next-kit/playwright";
import { expect, test, type Page } from "@playwright/test";

import { ADMIN_URL } from "./admin-app";
import { deliveredPurchase, SHOPPER_PASSWORD } from "./review-fixtures";
import { expectAccessible, shopperApi } from "./shop-helpers";

// The reviews journey across both apps: a shopper whose order line was delivered writes a review in the
// storefront (it waits for moderation), an operator approves it in the ops console (the admin app,
// served beside the storefront), and the rating reaches the product page and search. The rating is a
// projection (outbox → Kafka → ratings-projection → reviews.rating.recomputed → search projection), so
// the storefront's side polls, bounded.

const OPERATOR = "operator@bazaar.local";
const DEMO_PASSWORD = "bazaar-demo-password";

async function signIn(page: Page, email: string, password: string, path = "/sign-in") {
  await page.goto(path);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("banner").getByTestId("signed-in-as")).toBeVisible();
}

test("a delivered buyer reviews, an operator approves in the ops console, the rating shows on the product page and in search", async ({ browser, page }) => {
  test.setTimeout(180_000);
  const shopperErrors = collectBrowserErrors(page);
  const purchase = await deliveredPurchase();
  const title = `Warm and well made ${Date.now().toString(36)}`;
  // Markup is stored as written and shown as text.
  const body = "Wore it all winter. The <b>seams</b> held up.";

  // Nothing rated yet: the rating facet does not list the product.
  const before = await shopperApi().search.searchProducts.query({ q: purchase.product.title, filters: { ratingMin: 4 }, withFacets: false });
  expect(before.hits.map((h) => h.id)).not.toContain(purchase.product.id);

  // The shopper signs in and finds the delivered line waiting for a review.
  await signIn(page, purchase.email, SHOPPER_PASSWORD, `/sign-in?callbackUrl=${encodeURIComponent("/account/reviews")}`);
  await page.goto("/account/reviews");
  await expect(page.getByRole("heading", { level: 1, name: "Your reviews" })).toBeVisible();
  await expectAccessible(page, "your reviews (nothing written)");
  await expect(page.getByRole("link", { name: `Write a review of ${purchase.lineTitle}` })).toBeVisible();
  // Order history is where a shopper starts: the delivered line offers its review, the order its seller's.
  await page.goto(`/account/orders/${purchase.groupId}`);
  const sellerOrder = page.getByTestId("seller-order");
  await expect(sellerOrder.getByTestId("order-status")).toHaveText("Delivered");
  await expect(sellerOrder.getByRole("link", { name: /^Review the seller of / })).toBeVisible();
  await expectAccessible(page, "a delivered order with its review links");
  await sellerOrder.getByRole("link", { name: `Write a review of ${purchase.lineTitle}` }).click();
  await expect(page).toHaveURL(new RegExp(`/account/reviews/new\\?orderLineId=${purchase.orderLineId}$`));
  await expect(page.getByRole("heading", { level: 1, name: `Review ${purchase.lineTitle}` })).toBeVisible();
  await expectAccessible(page, "write a review");

  // The API's field errors land under their inputs; nothing is written.
  await page.getByRole("button", { name: "Submit review" }).click();
  await expect(page.getByText("1 to 5 stars")).toBeVisible();
  await expect(page.getByLabel("Title")).toHaveAttribute("aria-invalid", "true");

  await page.getByRole("group", { name: "Rating" }).getByRole("radio", { name: /^5 stars/ }).check();
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Your review").fill(body);
  await page.getByRole("button", { name: "Submit review" }).click();
  await expect(page.getByTestId("review-saved").getByRole("status")).toContainText("pending moderation");

  await page.goto("/account/reviews");
  const mine = page.getByTestId("my-review").filter({ hasText: title });
  await expect(mine.getByTestId("review-status")).toHaveText("Pending moderation");
  await expectAccessible(page, "your reviews (one pending)");

  // Not on the product page until an operator approves it.
  await page.goto(purchase.product.path);
  await expect(page.getByTestId("rating-average")).toHaveText("No reviews yet");

  // The operator approves it in the ops console's moderation queue.
  const admin = await browser.newContext({ baseURL: ADMIN_URL });
  const ops = await admin.newPage();
  const opsErrors = collectBrowserErrors(ops);
  await signIn(ops, OPERATOR, DEMO_PASSWORD);
  await ops.goto("/ops/reviews");
  await ops.getByRole("radio", { name: "pending" }).check();
  const card = ops.getByRole("article", { name: `Review: ${title}` });
  await card.getByRole("button", { name: "Approve" }).click();
  await expect(card).toHaveCount(0);

  // The product page: the summary and histogram from the ratings read model, the review itself.
  await expect(async () => {
    await page.goto(purchase.product.path);
    await expect(page.getByTestId("rating-average")).toContainText("5.0 out of 5", { timeout: 1_000 });
  }).toPass({ timeout: 45_000, intervals: [250, 500, 1_000] });
  await expect(page.getByTestId("rating-average")).toContainText("(1 review)");
  await expect(page.getByTestId("histogram-5")).toContainText("1");
  await expect(page.getByRole("meter", { name: "5 stars: 100%" })).toBeVisible();
  const review = page.getByTestId("review").filter({ hasText: title });
  await expect(review.getByTestId("verified-buyer")).toHaveText("Verified buyer");
  await expect(review.getByTestId("review-body")).toHaveText(body);
  await expect(review.locator("b")).toHaveCount(0);
  await expect(review).toContainText("Rita Reviewer");
  // The author cannot vote for their own review.
  await review.getByRole("button", { name: /^Helpful/ }).click();
  await expect(review.getByRole("alert")).toHaveText("You cannot vote for your own review.");
  await expectAccessible(page, "product page with a review");

  // The header's rating (the product read model) and search (the rating facet and sort) follow.
  await expect(async () => {
    await page.goto(purchase.product.path);
    await expect(page.getByTestId("rating")).toContainText("5.0 out of 5", { timeout: 1_000 });
  }).toPass({ timeout: 45_000, intervals: [250, 500, 1_000] });
  const cards = page.getByTestId("product-card");
  await expect(async () => {
    await page.goto(`/search?${new URLSearchParams({ q: purchase.product.title, rating: "4" })}`);
    await expect(cards.filter({ hasText: purchase.product.title }).first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 45_000, intervals: [250, 500, 1_000] });
  await page.goto(`/search?${new URLSearchParams({ q: purchase.product.title, sort: "rating" })}`);
  await expect(cards.first().getByRole("link").first()).toHaveAttribute("href", purchase.product.path);

  // The store page shows the seller's rating summary (no seller reviews yet) and stays accessible.
  await page.goto(`/s/${purchase.product.storeSlug}`);
  await expect(page.getByRole("heading", { name: `Reviews of ${purchase.product.storeName}` })).toBeVisible();
  await expectAccessible(page, "store page with its reviews section");

  // The two refusals above (the empty form, the own vote) are the browser's only failed requests (the
  // network's line and the tRPC logger's for each).
  const expected = (e: string) => /status of (400|409)/.test(e) || /<< mutation #\d+ %creviews\.(createReview|voteHelpful)\b/.test(e);
  expect(shopperErrors.filter((e) => !expected(e))).toEqual([]);
  expect(opsErrors).toEqual([]);
  await admin.close();
});
