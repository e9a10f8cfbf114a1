import { collectBrowserErrors } from "@bazaar/next-kit/playwright";
import { expect, test } from "@playwright/test";

import { runId, signInAs, signInToOnlyTenant } from "./seller";

const OWNER = "owner@nordic-threads.local";

test("a seller adds, edits and deletes a shipping rate and sets when payments are captured", async ({ page }) => {
  const errors = collectBrowserErrors(page);
  await signInToOnlyTenant(page, OWNER, "Nordic Threads");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Shipping" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Shipping and checkout" })).toBeVisible();
  const table = page.getByTestId("shipping-rates");
  // The demo seed gives every seller a flat standard rate and an express rate by weight.
  await expect(table.locator('tr[data-code="standard"]')).toBeVisible();

  const code = `pickup-${runId()}`;
  const form = page.getByRole("form", { name: "New shipping rate" });
  await form.getByLabel("Rate name").fill("Bike courier");
  await form.getByLabel("Rate code").fill(code);
  await form.getByLabel("Kind").selectOption("WEIGHT");
  await form.getByLabel("Currency").fill("EUR");
  await form.getByLabel("Base amount").fill("3.50");
  await form.getByLabel("Per started kg").fill("1.25");
  await form.getByRole("button", { name: "Add rate" }).click();
  await expect(page.getByText("Rate Bike courier added.")).toBeVisible();
  const row = table.locator(`tr[data-code="${code}"]`);
  await expect(row).toContainText("by weight");
  await expect(row).toContainText("3.50");
  await expect(row).toContainText("1.25");

  // A float amount never reaches the API.
  await row.getByRole("button", { name: "Edit Bike courier" }).click();
  const edit = page.getByRole("form", { name: "Edit rate Bike courier" });
  await edit.getByLabel("Base amount").fill("3.505");
  await edit.getByRole("button", { name: "Save rate" }).click();
  await expect(edit.getByRole("alert")).toContainText("EUR has 2 decimal places");
  await edit.getByLabel("Base amount").fill("4");
  await edit.getByRole("button", { name: "Save rate" }).click();
  await expect(page.getByText("Rate Bike courier saved.")).toBeVisible();
  await expect(row).toContainText("4.00");

  await row.getByRole("button", { name: "Delete Bike courier" }).click();
  await expect(page.getByText("Rate Bike courier deleted.")).toBeVisible();
  await expect(row).toHaveCount(0);

  // Capture at fulfilment is stored, and put back afterwards so the seed's default holds for other suites.
  const settings = page.getByRole("form", { name: "Checkout settings" });
  await settings.getByRole("radio", { name: "when the order is fulfilled" }).check();
  await settings.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Checkout settings saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("radio", { name: "when the order is fulfilled" })).toBeChecked();
  await page.getByRole("radio", { name: "when the order is confirmed" }).check();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Checkout settings saved.")).toBeVisible();
  expect(errors).toEqual([]);
});

test("an operator sets and removes a region's tax rate", async ({ page }) => {
  const errors = collectBrowserErrors(page);
  await signInAs(page, "operator@bazaar.local");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Ops: tax rates" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Tax rates" })).toBeVisible();
  const table = page.getByTestId("tax-rates");
  await expect(table.locator('tr[data-region="DE"]')).toContainText("19 %");

  // A region no checkout ships to, so other suites' totals are untouched.
  const form = page.getByRole("form", { name: "Set a tax rate" });
  await form.getByLabel("Region").fill("LU");
  await form.getByLabel("Rate (%)").fill("17");
  await form.getByRole("button", { name: "Set rate" }).click();
  await expect(page.getByText("Tax rate for LU set to 17 %.")).toBeVisible();
  // The form is cleared before the notice shows: the next change goes into an empty form.
  await expect(form.getByLabel("Region")).toHaveValue("");
  await form.getByLabel("Region").fill("LU");
  await form.getByLabel("Rate (%)").fill("16.5");
  await form.getByRole("button", { name: "Set rate" }).click();
  await expect(page.getByText("Tax rate for LU set to 16.5 %.")).toBeVisible();
  await expect(table.locator('tr[data-region="LU"]')).toContainText("16.5 %");

  await table.getByRole("button", { name: "Delete LU" }).click();
  await expect(page.getByText("Tax rate for LU removed.")).toBeVisible();
  await expect(table.locator('tr[data-region="LU"]')).toHaveCount(0);
  expect(errors).toEqual([]);
});
