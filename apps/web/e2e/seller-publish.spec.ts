import { randomBytes } from "node:crypto";

import { collectBrowserErrors } from "@bazaar/next-kit/playwright";
import { expect, test } from "@playwright/test";

import { ADMIN_URL } from "./admin-app";

// The whole journey through both apps: a seller signs into the admin app (served beside the storefront
// on the run's database, playwright.config.ts), creates a product in the editor and publishes it; the
// shopper, in a browser context of their own, finds it in the storefront's search. It reaches search only
// through the outbox, Kafka and the projection worker, so the shopper's side polls the search page, bounded.

const SELLER = "owner@acme-crafts.local";
const DEMO_PASSWORD = "bazaar-demo-password";

test("a product a seller publishes in the admin app is found in the storefront's search within a bounded poll", async ({ browser, page }) => {
  test.setTimeout(120_000);
  const shopperErrors = collectBrowserErrors(page);
  const admin = await browser.newContext({ baseURL: ADMIN_URL });
  const seller = await admin.newPage();
  const sellerErrors = collectBrowserErrors(seller);
  // A made-up word no seeded product has, so the search answers this product alone.
  const word = `Zephyr${randomBytes(3).toString("hex").replace(/\d/g, (d) => "abcdefghij"[Number(d)] ?? "k")}`;
  const title = `${word} Lantern`;

  await seller.goto("/sign-in");
  await seller.getByLabel("Email").fill(SELLER);
  await seller.getByLabel("Password").fill(DEMO_PASSWORD);
  await seller.getByRole("button", { name: "Sign in" }).click();
  await expect(seller.getByRole("banner").getByTestId("signed-in-as")).toBeVisible();

  // The editor: a product with one option and its two variants, priced in dollars.
  await seller.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Products" }).click();
  await seller.getByRole("link", { name: "New product" }).click();
  await seller.getByLabel("Title", { exact: true }).fill(title);
  await seller.getByLabel("Description").fill("A brass lantern made for the storefront's end-to-end journey.");
  await seller.getByLabel("Option name").fill("Finish");
  await seller.getByLabel("Option values").fill("Brass, Copper");
  await seller.getByRole("button", { name: "Add option" }).click();
  await seller.getByLabel("Currency").selectOption("USD");
  await seller.getByLabel("SKU of Brass", { exact: true }).fill(`${word}-B`);
  await seller.getByLabel("Price of Brass", { exact: true }).fill("39");
  await seller.getByLabel("SKU of Copper", { exact: true }).fill(`${word}-C`);
  await seller.getByLabel("Price of Copper", { exact: true }).fill("44");
  await seller.getByRole("button", { name: "Create product" }).click();
  await expect(seller).toHaveURL(/\/tenant\/products\/[0-9a-f-]{36}\?created=1$/);
  await expect(seller.getByTestId("product-status")).toHaveText("Draft");

  // A draft is not for shoppers.
  await page.goto(`/search?q=${word.toLowerCase()}`);
  const card = page.getByTestId("product-card");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(card).toHaveCount(0);

  await seller.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(seller.getByTestId("product-status")).toHaveText("Published");

  // Searchable once the projection has it: reload the search page until it lists the product, bounded.
  await expect(async () => {
    await page.goto(`/search?q=${word.toLowerCase()}`);
    await expect(card).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 30_000, intervals: [250, 500, 1_000] });
  await expect(card.getByRole("link")).toContainText(title);
  await card.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByTestId("variant-price")).toHaveText("$39.00");
  // Nothing received yet: out of stock, and the other finish too.
  await expect(page.getByTestId("variant-stock")).toHaveText("Out of stock");
  await page.getByRole("radio", { name: /^Copper/ }).check();
  await expect(page.getByTestId("variant-price")).toHaveText("$44.00");

  expect(sellerErrors).toEqual([]);
  expect(shopperErrors).toEqual([]);
  await admin.close();
});
