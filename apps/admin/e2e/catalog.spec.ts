import { waitForMail } from "@bazaar/next-kit/e2e-mail";
import { collectBrowserErrors } from "@bazaar/next-kit/playwright";
import { expect, test, type Page } from "@playwright/test";

import { gradientPng } from "./png";
import { runId, signInToOnlyTenant } from "./seller";

// A seller's catalog journey on the real stack: product with two options and four variants, images
// through the presigned object-store upload, stock at a new location, publishing, and the low-stock
// email that the outbox relay → low-stock notifier → notifications workers deliver to Mailpit.

const OWNER = "owner@acme-crafts.local";

async function fillVariant(page: Page, combo: string, values: { sku: string; price: string; threshold?: string }) {
  await page.getByLabel(`SKU of ${combo}`, { exact: true }).fill(values.sku);
  await page.getByLabel(`Price of ${combo}`, { exact: true }).fill(values.price);
  if (values.threshold) await page.getByLabel(`Low-stock threshold of ${combo}`, { exact: true }).fill(values.threshold);
}

async function imageOrder(page: Page): Promise<string[]> {
  return page.getByTestId("product-images").locator("li").evaluateAll((items) => items.map((li) => li.getAttribute("data-asset") ?? ""));
}

test("a seller builds a product with variants, images and stock, publishes it and is told of low stock", async ({ page, context }) => {
  test.setTimeout(240_000);
  const errors = collectBrowserErrors(page);
  const id = runId();
  const title = `Field Tee ${id}`;
  const sku = (combo: string) => `FT-${id}-${combo.replace(" / ", "-")}`.toUpperCase();

  await signInToOnlyTenant(page, OWNER, "Acme Crafts");

  // The editor: fields, two options, the 2×2 matrix they generate.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Products" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();
  await page.getByRole("link", { name: "New product" }).click();
  await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByLabel("Description").fill("Heavy cotton, made to last.");
  await page.getByLabel("Category").selectOption({ index: 1 });
  await page.getByLabel("Tags").fill("cotton, e2e");
  for (const [name, values] of [
    ["Size", "S, M"],
    ["Colour", "Red, Blue"],
  ]) {
    await page.getByLabel("Option name").fill(name!);
    await page.getByLabel("Option values").fill(values!);
    await page.getByRole("button", { name: "Add option" }).click();
  }
  await page.getByLabel("Currency").selectOption("EUR");
  const matrix = page.getByTestId("variant-matrix");
  await expect(matrix.locator("tbody tr")).toHaveCount(4);
  await expect(matrix.locator("tbody th")).toHaveText(["S / Red", "S / Blue", "M / Red", "M / Blue"]);
  await fillVariant(page, "S / Red", { sku: sku("S / Red"), price: "19.99", threshold: "5" });
  await fillVariant(page, "S / Blue", { sku: sku("S / Blue"), price: "19.99" });
  await fillVariant(page, "M / Red", { sku: sku("M / Red"), price: "19.99" });
  // A price with more decimals than the currency has is refused in the browser, not rounded.
  await fillVariant(page, "M / Blue", { sku: sku("M / Blue"), price: "24.505" });
  await page.getByRole("button", { name: "Create product" }).click();
  await expect(matrix.locator('tr[data-variant="M / Blue"]')).toContainText("EUR has 2 decimal places");
  await page.getByLabel("Price of M / Blue", { exact: true }).fill("24.5");
  await page.getByRole("button", { name: "Create product" }).click();

  await expect(page).toHaveURL(/\/tenant\/products\/[0-9a-f-]{36}\?created=1$/);
  const productUrl = page.url().replace(/\?.*$/, "");
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByTestId("product-status")).toHaveText("Draft");
  await expect(page.getByLabel("Price of M / Blue", { exact: true })).toHaveValue("24.50");
  await expect(page.getByLabel("Price of S / Red", { exact: true })).toHaveValue("19.99");

  // Two real PNGs: presigned PUT to the object store, confirmed (type by content, renditions), then set in order.
  await page.getByLabel("Add images").setInputFiles([
    { name: "red.png", mimeType: "image/png", buffer: gradientPng(96, [200, 30, 30]) },
    { name: "blue.png", mimeType: "image/png", buffer: gradientPng(96, [30, 30, 200]) },
  ]);
  await expect(page.getByText("2 images added.")).toBeVisible({ timeout: 60_000 });
  const images = page.getByTestId("product-images").locator("li");
  await expect(images).toHaveCount(2);
  await expect(images.locator("img")).toHaveCount(2);
  // The renditions are served by the object store and really decode in the browser.
  for (const img of await images.locator("img").all()) await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBeGreaterThan(0);
  const [first, second] = await imageOrder(page);
  // Keyboard-reachable reordering, then drag and drop back.
  await page.getByRole("button", { name: "Move image 2 up" }).click();
  await expect(page.getByText("Image 2 moved to position 1.")).toBeVisible();
  expect(await imageOrder(page)).toEqual([second, first]);
  await images.nth(1).dragTo(images.nth(0));
  await expect(page.getByText("Image 2 moved to position 1.")).toBeVisible();
  await expect.poll(() => imageOrder(page)).toEqual([first, second]);

  // Optimistic concurrency: a second tab saves first; this one is told, and reloads.
  const other = await context.newPage();
  await other.goto(productUrl);
  await other.getByLabel("Description").fill("Changed in another tab.");
  await other.getByRole("button", { name: "Save details" }).click();
  await expect(other.getByText("Details saved.")).toBeVisible();
  await other.close();
  await page.getByLabel("Tags").fill("cotton, e2e, summer");
  expect(errors).toEqual([]);
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByTestId("product-conflict")).toContainText("Someone else changed this product");
  // The refused save (409) is the one error the browser reports here, by design.
  errors.length = 0;
  await page.getByRole("button", { name: "Reload the product" }).click();
  await expect(page.getByLabel("Description")).toHaveValue("Changed in another tab.");

  // Stock: a location of its own, a receipt, then an adjustment that takes S / Red below its threshold.
  await page.getByRole("link", { name: "Stock of this product" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Inventory" })).toBeVisible();
  const shelf = `Shelf ${id}`;
  await page.getByLabel("Location name").fill(shelf);
  await page.getByLabel("Location code").fill(`shelf-${id}`);
  await page.getByRole("button", { name: "Create location" }).click();
  await expect(page.getByText(`Location ${shelf} created.`)).toBeVisible();
  const row = page.getByTestId("stock-levels").locator(`tr[data-sku="${sku("S / Red")}"]`);
  await expect(row.getByTestId("low-stock-badge")).toBeVisible(); // nothing in stock yet, threshold 5
  const variantValue = await page.locator("#stock-variant option", { hasText: sku("S / Red") }).getAttribute("value");
  await page.getByLabel("Variant").selectOption(variantValue!);
  await page.getByLabel("Location", { exact: true }).selectOption({ label: shelf });
  await page.getByLabel("Quantity").fill("8");
  await page.getByRole("button", { name: "Receive stock" }).click();
  await expect(page.getByText(`Received 8 of ${sku("S / Red")} at ${shelf}.`)).toBeVisible();
  await expect(row.getByTestId("variant-available")).toContainText("8");
  await expect(row.getByTestId("low-stock-badge")).toHaveCount(0);

  await page.getByRole("radio", { name: /Adjust/ }).check();
  await page.getByLabel("Variant").selectOption(variantValue!);
  await page.getByLabel("Location", { exact: true }).selectOption({ label: shelf });
  await page.getByLabel("Change (+/−)").fill("-4");
  await page.getByLabel("Reason").fill("two damaged in transit, two lost");
  await page.getByRole("button", { name: "Adjust stock" }).click();
  await expect(page.getByText(`Adjusted ${sku("S / Red")} at ${shelf} by -4.`)).toBeVisible();
  await expect(row.getByTestId("variant-available")).toContainText("4");
  await expect(row.getByTestId("low-stock-badge")).toBeVisible();

  await row.getByRole("button", { name: `History of ${sku("S / Red")} at ${shelf}` }).click();
  const history = page.getByTestId("movement-history").locator("tbody tr");
  await expect(history).toHaveCount(2);
  await expect(history.nth(0)).toContainText("Adjustment");
  await expect(history.nth(0)).toContainText("two damaged in transit, two lost");
  await expect(history.nth(1)).toContainText("Receipt");
  await expect(history.nth(1)).toContainText("+8");

  // Publish, and find it in the list by its SKU.
  await page.goto(productUrl);
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByTestId("product-status")).toHaveText("Published");
  await page.goto("/tenant/products");
  await page.getByLabel("Title or SKU").fill(sku("M / Blue"));
  await page.getByRole("button", { name: "Filter" }).click();
  const listed = page.getByTestId("products").locator("tbody tr");
  await expect(listed).toHaveCount(1);
  await expect(listed).toContainText(title);
  await expect(listed).toContainText("Published");
  await expect(listed).toContainText("€19.99 – €24.50");

  const mail = await waitForMail(OWNER, new RegExp(`^Low stock: ${title}.*\\(${sku("S / Red")}\\)`), 120_000);
  expect(mail.text).toContain("/inventory");

  // Bulk archive from the list.
  await listed.getByRole("checkbox").check();
  await page.getByRole("button", { name: "Archive selected" }).click();
  await expect(page.getByText("1 product archived.")).toBeVisible();
  await expect(listed).toContainText("Archived");

  expect(errors).toEqual([]);
});
