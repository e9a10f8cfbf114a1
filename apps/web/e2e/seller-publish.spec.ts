import { randomBytes } from "node:crypto";

import { collectBrowserErrors } from "@bazaar/next-kit/playwright";
import { expect, test } from "@playwright/test";

import { sellerApi, shopperApi } from "./shop-helpers";

// The admin app's product editor is not on this branch yet, so the seller publishes through the typed
// API client (what the editor calls); the shopper side is the real storefront. The product reaches
// search only through the outbox, Kafka and the projection worker: the spec polls for it, bounded.

test("a product a seller publishes is found in the storefront's search within a bounded poll", async ({ page }) => {
  test.setTimeout(90_000);
  const errors = collectBrowserErrors(page);
  const seller = await sellerApi("owner@acme-crafts.local");
  const [store] = await seller.stores.list.query();
  if (!store) throw new Error("the demo seller has no store");
  // A made-up word no seeded product has, so the search answers this product alone.
  const word = `Zephyr${randomBytes(3).toString("hex").replace(/\d/g, (d) => "abcdefghij"[Number(d)] ?? "k")}`;
  const title = `${word} Lantern`;
  const created = await seller.catalog.createProduct.mutate({
    storeId: store.id,
    title,
    description: "A brass lantern made for the storefront's end-to-end journey.",
    options: [{ name: "Finish", values: ["Brass", "Copper"] }],
    variants: [
      { sku: `${word}-B`, optionValues: { Finish: "Brass" }, priceAmount: 3_900, currency: "USD" },
      { sku: `${word}-C`, optionValues: { Finish: "Copper" }, priceAmount: 4_400, currency: "USD" },
    ],
  });
  const shopper = shopperApi();
  // Unpublished: not searchable.
  expect((await shopper.search.searchProducts.query({ q: word, withFacets: false })).total).toBe(0);
  await seller.catalog.publishProduct.mutate({ productId: created.id, version: created.version });

  await expect
    .poll(async () => (await shopper.search.searchProducts.query({ q: word, withFacets: false })).hits.map((h) => h.id), { timeout: 30_000, intervals: [100, 250, 500] })
    .toEqual([created.id]);

  await page.goto(`/search?q=${word.toLowerCase()}`);
  const card = page.getByTestId("product-card");
  await expect(card).toHaveCount(1);
  await expect(card.getByRole("link")).toContainText(title);
  await card.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByTestId("variant-price")).toHaveText("$39.00");
  // Nothing received yet: out of stock, and the other finish too.
  await expect(page.getByTestId("variant-stock")).toHaveText("Out of stock");
  await page.getByRole("radio", { name: /^Copper/ }).check();
  await expect(page.getByTestId("variant-price")).toHaveText("$44.00");
  expect(errors).toEqual([]);
});
