import AxeBuilder from "@axe-core/playwright";
import { createBazaarClient } from "@bazaar/api/client";
import { expect, type Page } from "@playwright/test";

// Shared by the storefront specs: a typed API client on the app's own tRPC endpoint, and the
// accessibility and layout checks every page type must pass.

export const BASE_URL = "http://127.0.0.1:3100";

export const shopperApi = () => createBazaarClient({ url: `${BASE_URL}/api/trpc` });

/** A seller signed in through identity.login, acting for its first tenant. */
export async function sellerApi(email: string, password = "bazaar-demo-password") {
  const anonymous = shopperApi();
  const login = await anonymous.identity.login.mutate({ email, password });
  if (login.status !== "authenticated") throw new Error(`${email} needs a second factor`);
  const signedIn = createBazaarClient({ url: `${BASE_URL}/api/trpc`, headers: { authorization: `Bearer ${login.accessToken}` } });
  const [tenant] = await signedIn.tenants.listMine.query();
  if (!tenant) throw new Error(`${email} has no tenant`);
  return createBazaarClient({ url: `${BASE_URL}/api/trpc`, headers: { authorization: `Bearer ${login.accessToken}`, "x-tenant-id": tenant.id } });
}

/** axe-core on the page as it is now; fails on serious or critical WCAG 2.x A/AA violations. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const blocking = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  expect(blocking, `${label}: accessibility violations`).toEqual([]);
}

/** Nothing wider than the viewport: a phone never scrolls sideways. */
export async function expectNoHorizontalScroll(page: Page, label: string): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll, `${label}: page is ${scroll}px wide in a ${width}px viewport`).toBeLessThanOrEqual(width);
}

/** The first amount in a card's price text ("$12.50 – $15.00" → 12.5). */
export function firstAmount(text: string): number {
  const match = /[\d.,]+/.exec(text.replace(/\s/g, ""));
  return match ? Number(match[0].replace(/,/g, "")) : Number.NaN;
}

/** A product page of `storeSlug` whose product is in stock. */
export async function productOf(storeSlug: string): Promise<string> {
  const { hits } = await shopperApi().search.listByStore.query({ storeSlug, limit: 24 });
  const hit = hits.find((h) => h.inStock);
  if (!hit) throw new Error(`no product in stock at ${storeSlug}`);
  return `/p/${hit.storeSlug}/${hit.handle}`;
}

/** Opens the product page and adds its (default) variant to the cart. */
export async function addToCart(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByTestId("add-to-cart-status")).toContainText("Added.");
}

/** The guest checkout form: `email` and a US shipping address (the demo seed's US tax and rates apply). */
export async function fillCheckoutForm(page: Page, email: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Full name").fill("Ada Lovelace");
  await page.getByLabel("Address", { exact: true }).fill("1 Analytical Way");
  await page.getByLabel("City").fill("Portland");
  await page.getByLabel("Postal code").fill("97201");
  await page.getByLabel("Country").selectOption("US");
}
