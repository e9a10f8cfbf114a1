import { expect, type Page } from "@playwright/test";

/** Demo sellers (packages/db demo seed): each OWNER of exactly one tenant. */
export const DEMO_PASSWORD = "bazaar-demo-password";

/** A short id per run, so names, SKUs and mail subjects never meet those of another run. */
export const runId = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;

/**
 * Signs in and checks the seller landed in their only tenant without choosing it: the header switcher
 * names it and the tenant's links are there.
 */
export async function signInToOnlyTenant(page: Page, email: string, tenantName: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("banner").getByTestId("signed-in-as")).toBeVisible();
  const switcher = page.getByRole("combobox", { name: "Tenant" });
  await expect(switcher.locator("option:checked")).toHaveText(new RegExp(`^${tenantName} \\(Owner\\)$`));
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Products" })).toBeVisible();
}

/** Signs in with a demo login (any of them: sellers, the operator) and waits for the header to name it. */
export async function signInAs(page: Page, email: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("banner").getByTestId("signed-in-as")).toBeVisible();
}
