import { seedSellerLedger } from "@bazaar/api/ledger/testing";
import { collectBrowserErrors, e2eDatabaseUrls } from "@bazaar/next-kit/playwright";
import { expect, test } from "@playwright/test";

import { signInToOnlyTenant } from "./seller";

// The seller dashboard's money pages over a ledger the real postings and a real payout run wrote: the
// balance (negative after a refund that followed the payout), the entries with a filter and paging,
// and the payout with its status.

const OWNER = "owner@bolt-books.local";

test("a seller sees their balance, filters and pages their ledger, and sees the payout paid", async ({ page }) => {
  const errors = collectBrowserErrors(page);
  const seeded = await seedSellerLedger(e2eDatabaseUrls("bazaar_e2e_admin").DATABASE_URL, "bolt-books");
  await signInToOnlyTenant(page, OWNER, "Bolt Books");

  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("link", { name: "Ledger" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ledger" })).toBeVisible();
  await expect(page.getByTestId("balance-EUR")).toHaveText("-€27.00");
  expect(seeded.balance).toBe(-2_700);

  const entries = page.getByTestId("ledger-entries");
  // Newest first: the payout run's two entries (its clock ran ahead), then the refund and the sales.
  await expect(entries.getByRole("row")).toHaveCount(1 + 5);
  await expect(entries.getByRole("cell", { name: "Refund", exact: true })).toBeVisible();

  await page.getByLabel("Kind").selectOption("SALE");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(entries.getByRole("row")).toHaveCount(1 + 2);
  await expect(entries.getByRole("cell", { name: "€108.00" })).toBeVisible();
  await expect(entries.getByRole("cell", { name: "€27.00" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Older" })).toBeDisabled();

  await nav.getByRole("link", { name: "Payouts" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Payouts" })).toBeVisible();
  const payouts = page.getByTestId("payouts");
  await expect(payouts.getByRole("row")).toHaveCount(1 + 1);
  await expect(payouts.getByRole("cell", { name: "€135.00" })).toBeVisible();
  await expect(payouts.getByRole("cell", { name: "Paid", exact: true })).toBeVisible();
  await page.getByLabel("Status").selectOption("FAILED");
  await expect(payouts.getByText("No payouts yet.")).toBeVisible();
  expect(seeded.payoutAmount).toBe(13_500);
  expect(errors).toEqual([]);
});

test("an owner sets where payouts go; until then the balance accrues", async ({ page }) => {
  const errors = collectBrowserErrors(page);
  await signInToOnlyTenant(page, "owner@nordic-threads.local", "Nordic Threads");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Payouts" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Payouts" })).toBeVisible();
  await expect(page.getByTestId("payout-destination-missing")).toBeVisible();

  const form = page.getByRole("form", { name: "Payout destination" });
  const saved = page.getByTestId("payout-destination");
  const destination = `acct_sandbox_nordic_${Date.now().toString(36)}`;
  // Checked before each try: a click before hydration submits nothing, a retry after a save that landed saves nothing twice.
  await expect(async () => {
    if (!(await saved.isVisible())) {
      await form.getByLabel("Account reference").fill(destination);
      await form.getByRole("button", { name: "Save destination" }).click();
    }
    await expect(saved).toContainText(destination, { timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId("payout-destination-missing")).toHaveCount(0);

  // A reference of the wrong shape is refused with the typed error and changes nothing.
  await form.getByLabel("Account reference").fill("not-an-account");
  await form.getByRole("button", { name: "Save destination" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Please correct the highlighted fields." })).toBeVisible();
  await expect(form.getByText(/a sandbox account reference such as/)).toBeVisible();
  await expect(saved).toContainText(destination);
  // The refused call is logged by the browser and tRPC's logger as it should be; nothing else may be.
  errors.length = 0;
  await page.reload();
  await expect(saved).toContainText(destination);
  expect(errors).toEqual([]);
});
