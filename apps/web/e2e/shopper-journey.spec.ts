import type { RouterOutputs } from "@bazaar/api";
import { formatMoney } from "@bazaar/next-kit/format";
import { collectBrowserErrors } from "@bazaar/next-kit/playwright";
import { expect, test, type Page } from "@playwright/test";

import { stockText } from "../src/storefront/variant-choice";
import { firstAmount, shopperApi } from "./shop-helpers";

type Product = RouterOutputs["search"]["getProduct"];
type Variant = Product["variants"][number];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** One letter pair swapped in the longest word: a typo one edit away. */
function typo(title: string): { query: string; word: string } {
  const words = title.split(" ");
  const word = [...words].sort((a, b) => b.length - a.length)[0] ?? title;
  const i = Math.floor(word.length / 2);
  const misspelt = word.slice(0, i - 1) + word[i] + word[i - 1] + word.slice(i + 1);
  return { query: words.map((w) => (w === word ? misspelt : w)).join(" "), word: misspelt };
}

/**
 * A seeded product whose variants differ in both price and stock, so switching between two of them
 * shows both changing: the demo's sized cookware and planters cost more in larger sizes.
 */
async function pickProduct(): Promise<{ product: Product; from: Variant; to: Variant }> {
  const api = shopperApi();
  for (const q of ["pan", "planter", "oven", "pot"]) {
    const page = await api.search.searchProducts.query({ q, limit: 50, withFacets: false, filters: { inStock: true } });
    for (const hit of page.hits.filter((h) => h.minPrice !== h.maxPrice)) {
      const product = await api.search.getProduct.query({ productId: hit.id });
      if (product.options.length !== 1 || /[^a-z0-9 -]/i.test(product.title)) continue;
      const from = product.variants.find((v) => v.available > 0);
      const to = from && product.variants.find((v) => v.priceAmount !== from.priceAmount && stockText(v.available) !== stockText(from.available));
      if (from && to) return { product, from, to };
    }
  }
  throw new Error("no seeded product has variants differing in price and stock");
}

async function cardPrices(page: Page): Promise<number[]> {
  return (await page.getByTestId("product-price").allTextContents()).map(firstAmount);
}

test("a shopper searches with a typo, narrows by two facets, sorts by price, opens the product and switches variants", async ({ page }) => {
  test.setTimeout(120_000);
  const errors = collectBrowserErrors(page);
  const { product, from, to } = await pickProduct();
  const href = `/p/${product.store.slug}/${product.handle}`;
  const { query } = typo(product.title);

  // Search through the header's box (autocomplete shows, Enter with no active option searches).
  await page.goto("/");
  const box = page.getByRole("combobox", { name: "Search products" });
  await box.fill(query);
  await box.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(query);
  const results = page.getByRole("region", { name: "Results" });
  await expect(results.getByTestId("product-card").first()).toBeVisible();
  const before = firstAmount((await page.getByTestId("result-count").textContent()) ?? "");

  // Two facets: the product's store, then "In stock". Each narrows (or keeps) the count and is shown as chosen.
  const filters = page.getByRole("complementary", { name: "Filters" });
  await filters.getByRole("link", { name: new RegExp(`^${escape(product.store.name)} \\(\\d+\\)$`) }).click();
  await expect(page).toHaveURL(/store=/);
  await expect(filters.getByRole("link", { name: new RegExp(`^${escape(product.store.name)} \\(`) })).toHaveAttribute("aria-current", "true");
  await filters.getByRole("link", { name: /^In stock \(\d+\)$/ }).click();
  await expect(page).toHaveURL(/stock=1/);
  await expect(filters.getByRole("link", { name: /^In stock \(/ })).toHaveAttribute("aria-current", "true");
  const after = firstAmount((await page.getByTestId("result-count").textContent()) ?? "");
  expect(after).toBeGreaterThan(0);
  expect(after).toBeLessThanOrEqual(before);

  // Sort by price, low to high: the cards' prices never go down.
  await page.getByLabel("Sort by").selectOption("price_asc");
  await expect(page).toHaveURL(/sort=price_asc/);
  await expect(page.getByLabel("Sort by")).toHaveValue("price_asc");
  const prices = await cardPrices(page);
  expect(prices.length).toBeGreaterThan(0);
  expect(prices).toEqual([...prices].sort((a, b) => a - b));

  // The typo still found the product: on this page or a later one (bounded by the result count).
  const link = results.locator(`a[href="${href}"]`);
  for (let pageNo = 0; pageNo < 10 && (await link.count()) === 0; pageNo++) {
    await page.getByRole("link", { name: "Next page" }).click();
    await expect(page).toHaveURL(/cursor=/);
  }
  await link.first().click();
  await expect(page).toHaveURL(href);
  await expect(page.getByRole("heading", { level: 1, name: product.title })).toBeVisible();
  await expect(page.getByTestId("store-link")).toHaveAttribute("href", `/s/${product.store.slug}`);

  // The picker starts on the first variant in stock; choosing another changes the price and the stock.
  const price = page.getByTestId("variant-price");
  const stock = page.getByTestId("variant-stock");
  await expect(price).toHaveText(formatMoney(from.priceAmount, from.currency));
  await expect(stock).toHaveText(stockText(from.available));
  const [optionName] = product.options.map((o) => o.name);
  const value = to.optionValues[optionName ?? ""] ?? "";
  await page.getByRole("radio", { name: new RegExp(`^${escape(value)}( \\(sold out\\))?$`) }).check();
  await expect(price).toHaveText(formatMoney(to.priceAmount, to.currency));
  await expect(stock).toHaveText(stockText(to.available));
  await page.getByRole("radio", { name: new RegExp(`^${escape(from.optionValues[optionName ?? ""] ?? "")}( \\(sold out\\))?$`) }).check();
  await expect(price).toHaveText(formatMoney(from.priceAmount, from.currency));

  expect(errors).toEqual([]);
});

test("autocomplete suggests products as the shopper types and opens one from the keyboard", async ({ page }) => {
  const errors = collectBrowserErrors(page);
  const { product } = await pickProduct();
  await page.goto("/search");
  const box = page.getByRole("combobox", { name: "Search products" });
  await box.pressSequentially(product.title.slice(0, 6), { delay: 30 });
  const listbox = page.getByRole("listbox", { name: "Suggestions" });
  await expect(listbox).toBeVisible();
  await expect(box).toHaveAttribute("aria-expanded", "true");
  await expect(listbox.getByRole("option").first()).toBeVisible();

  await box.press("ArrowDown");
  const activeId = await box.getAttribute("aria-activedescendant");
  // The first suggestion is active: its id is the list's own id with the option index.
  expect(activeId).toMatch(/-opt-0$/);
  await expect(page.locator(`[id="${activeId}"]`)).toHaveAttribute("aria-selected", "true");
  await box.press("Escape");
  await expect(box).toHaveAttribute("aria-expanded", "false");
  await expect(box).not.toHaveAttribute("aria-activedescendant");

  // ArrowDown reopens the list; then down to the first product suggestion and Enter: its page opens.
  await box.press("ArrowDown");
  await expect(listbox).toBeVisible();
  const options = listbox.getByRole("option");
  const texts = await options.allTextContents();
  const firstProduct = texts.findIndex((t) => t.endsWith("Product"));
  expect(firstProduct).toBeGreaterThanOrEqual(0);
  for (let i = 0; i <= firstProduct; i++) await box.press("ArrowDown");
  await expect(options.nth(firstProduct)).toHaveAttribute("aria-selected", "true");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/p\//);
  await expect(page.getByTestId("variant-price")).toBeVisible();
  expect(errors).toEqual([]);
});
