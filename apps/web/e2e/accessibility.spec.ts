import { expect, test } from "@playwright/test";

import { expectAccessible, expectNoHorizontalScroll, shopperApi } from "./shop-helpers";

// Every storefront page type, on a desktop and on a 375 px phone: axe-core finds no serious or critical
// violation, and nothing makes the page scroll sideways.

const VIEWPORTS = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "phone", width: 375, height: 740 },
] as const;

async function pagePaths(): Promise<Record<string, string>> {
  const api = shopperApi();
  const [hit] = (await api.search.searchProducts.query({ q: "mug", limit: 1, withFacets: false })).hits;
  if (!hit) throw new Error("no seeded product to visit");
  return {
    home: "/",
    category: `/c/${hit.categoryPath.map((c) => c.slug).join("/")}`,
    search: "/search?q=mug&stock=1",
    product: `/p/${hit.storeSlug}/${hit.handle}`,
    store: `/s/${hit.storeSlug}`,
  };
}

for (const viewport of VIEWPORTS) {
  test(`every page type is accessible and fits a ${viewport.width}px ${viewport.name} screen`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    for (const [kind, path] of Object.entries(await pagePaths())) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectAccessible(page, `${kind} (${path}) at ${viewport.width}px`);
      await expectNoHorizontalScroll(page, `${kind} at ${viewport.width}px`);
    }
  });
}

test("the search box's suggestion list is accessible while open", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("combobox", { name: "Search products" }).pressSequentially("mug", { delay: 30 });
  await expect(page.getByRole("listbox", { name: "Suggestions" })).toBeVisible();
  await expectAccessible(page, "open autocomplete");
});
