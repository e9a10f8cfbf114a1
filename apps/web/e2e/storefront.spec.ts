import { collectBrowserErrors, expectOpsEndpoints, expectSecurityHeaders } from "@bazaar/next-kit/playwright";
import { expect, test } from "@playwright/test";

import { storefrontNav } from "../src/app/nav";

test("home page shows new products and the category tree, rendered on the server", async ({ page }) => {
  const errors = collectBrowserErrors(page);
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: "Bazaar" })).toBeVisible();

  const featured = page.getByRole("region", { name: "New in" }).getByTestId("product-card");
  await expect(featured).toHaveCount(8);
  const firstHref = await featured.first().getByRole("link").getAttribute("href");
  expect(firstHref).toMatch(/^\/p\/[a-z0-9-]+\/[a-z0-9-]+$/);
  // Images go through next/image from the object store.
  await expect(featured.first().locator("img")).toHaveAttribute("src", /^\/_next\/image\?url=/);

  const tree = page.getByRole("navigation", { name: "Shop by category" });
  await tree.getByRole("link", { name: "Fashion", exact: true }).click();
  await expect(page).toHaveURL("/c/fashion");
  await expect(page.getByRole("heading", { level: 1, name: "Fashion" })).toBeVisible();
  await expect(page.getByTestId("product-card").first()).toBeVisible();
  // A department lists its subcategories; one of them narrows the listing to its subtree.
  const before = await page.getByTestId("result-count").textContent();
  await page.getByRole("list", { name: "Inside Fashion" }).getByRole("link").first().click();
  await expect(page).toHaveURL(/^.*\/c\/fashion\/[a-z-]+$/);
  await expect(page.getByTestId("result-count")).not.toHaveText(before ?? "");
  expect(errors).toEqual([]);
});

test("every header link leads to a page that exists", async ({ page }) => {
  const errors = collectBrowserErrors(page);
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link")).toHaveCount(storefrontNav.length);

  for (const item of storefrontNav) {
    await nav.getByRole("link", { name: item.label }).click();
    await expect(page).toHaveURL(item.href);
    await expect(nav.getByRole("link", { name: item.label })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const direct = await page.request.get(item.href);
    expect(direct.status(), item.href).toBe(200);
  }
  expect(errors).toEqual([]);
});

test("responses carry the security headers", async ({ request }) => {
  expectSecurityHeaders(await request.get("/"));
});

test("serves /health, /ready (PostgreSQL and Redis checked) and /metrics", async ({ request }) => {
  await expectOpsEndpoints(request, "web");
});
