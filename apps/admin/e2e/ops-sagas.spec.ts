import { randomUUID } from "node:crypto";

import { asPlatform, createDb, type Db } from "@bazaar/db";
import { collectBrowserErrors, e2eDatabaseUrls } from "@bazaar/next-kit/playwright";
import { expect, test } from "@playwright/test";

import { runId, signInAs } from "./seller";

// The saga monitor on real sagas rows. A saga is put in the database the way a checkout whose payment
// provider kept failing leaves it (RUNNING at AUTHORIZE, four attempts, a last error, its deadline ten
// minutes ahead). This run hosts a checkout-saga resumer (for orders.spec.ts), so once the retry has
// re-armed the deadline the resumer may take the saga at any moment: the spec accepts both.

let db: Db;
test.beforeAll(() => {
  db = createDb({ url: e2eDatabaseUrls("bazaar_e2e_admin").DATABASE_URL, poolSize: 1, applicationName: "e2e-admin-sagas" });
});
test.afterAll(async () => {
  await db.$disconnect();
});

async function saga(email: string, state: "RUNNING" | "CONFIRMED", options: { attempts: number; lastError?: string }) {
  const groupId = randomUUID();
  const sagaId = randomUUID();
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const history =
    state === "CONFIRMED"
      ? [
          { at: at(9), from: "RUNNING/RESERVE", to: "RUNNING/AUTHORIZE", note: "stock reserved" },
          { at: at(8), from: "RUNNING/AUTHORIZE", to: "RUNNING/CONFIRM", note: "payment authorized" },
          { at: at(7), from: "RUNNING/CONFIRM", to: "CONFIRMED/DONE", note: "orders confirmed" },
        ]
      : [{ at: at(9), from: "RUNNING/RESERVE", to: "RUNNING/AUTHORIZE", note: "stock reserved" }];
  await asPlatform(db, async (tx) => {
    const tenant = await tx.tenant.findFirstOrThrow({ where: { slug: "acme-crafts" } });
    await tx.orderGroup.create({
      data: {
        id: groupId,
        idempotencyKey: `e2e-${groupId}`,
        cartId: `e2e-${groupId}`,
        email,
        shippingAddress: { name: "Ada", line1: "1 Way", city: "Berlin", postalCode: "10115", country: "DE" },
        currency: "EUR",
        totalAmount: 2_490,
        status: state === "CONFIRMED" ? "CONFIRMED" : "PENDING",
      },
    });
    await tx.order.create({
      data: {
        id: randomUUID(),
        tenantId: tenant.id,
        groupId,
        status: state === "CONFIRMED" ? "PAID" : "PENDING_PAYMENT",
        currency: "EUR",
        subtotalAmount: 2_000,
        shippingAmount: 490,
        taxAmount: 0,
        totalAmount: 2_490,
        pricesIncludeTax: true,
        shippingRateCode: "std",
        commissionPlan: tenant.plan,
        commissionBps: 800,
        commissionAmount: 160,
        captureAt: "CONFIRMATION",
      },
    });
    await tx.checkoutSaga.create({
      data: {
        id: sagaId,
        groupId,
        state,
        step: state === "CONFIRMED" ? "DONE" : "AUTHORIZE",
        attempts: options.attempts,
        lastError: options.lastError ?? null,
        // Backing off: the deadline is ahead, so only its attempts make it stuck.
        deadline: new Date(Date.now() + 10 * 60_000),
        history,
      },
    });
  });
  return sagaId;
}

test("an operator finds a stuck saga, reads its history and retries it; a confirmed one offers no retry", async ({ page }) => {
  const errors = collectBrowserErrors(page);
  const run = runId();
  const stuckEmail = `stuck-${run}@sagas.test`;
  const stuckId = await saga(stuckEmail, "RUNNING", { attempts: 4, lastError: "SERVICE_UNAVAILABLE: payments is unavailable, try again shortly" });
  const confirmedId = await saga(`done-${run}@sagas.test`, "CONFIRMED", { attempts: 0 });

  await signInAs(page, "operator@bazaar.local");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Ops: sagas" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Checkout sagas" })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Stuck \(\d+\)$/ })).toHaveAttribute("aria-pressed", "true");

  const filters = page.getByRole("form", { name: "Filter sagas" });
  await filters.getByLabel("Shopper email").fill(run);
  await filters.getByRole("button", { name: "Filter" }).click();
  const table = page.getByTestId("sagas");
  await expect(table.locator("tbody tr")).toHaveCount(1);
  const row = table.getByRole("row", { name: new RegExp(stuckId) });
  await expect(row).toContainText("running (stuck)");
  await expect(row).toContainText("authorize");
  await expect(row).toContainText(stuckEmail);

  await row.getByRole("button", { name: stuckId }).click();
  const detail = page.getByTestId("saga-detail");
  await expect(detail.getByTestId("saga-state")).toHaveText("running (stuck)");
  await expect(detail.getByTestId("saga-attempts")).toHaveText("4");
  await expect(detail).toContainText("payments is unavailable");
  await expect(detail.getByTestId("saga-history").locator("tbody tr")).toHaveCount(1);
  await expect(detail.getByTestId("saga-orders")).toContainText("Acme Crafts");
  await expect(detail.getByTestId("saga-payment")).toHaveText("No payment yet.");

  // (A retry without a reason is refused: saga-ops.int.test.ts; the client logs a refusal to the console.)
  const retry = detail.getByRole("form", { name: "Retry saga" });
  await retry.getByLabel(/Reason for the retry/).fill("provider recovered");
  await retry.getByRole("button", { name: "Retry now" }).click();
  await expect(detail.getByText("Deadline re-armed")).toBeVisible();
  await expect(detail.getByTestId("saga-attempts")).toHaveText("0");
  await expect(detail.getByTestId("saga-state")).toHaveText("running");
  // The retry's history entry (once); the run's resumer may already have moved the saga on after it, so
  // it need not be the last row.
  await expect(detail.getByTestId("saga-history").locator("tbody tr").filter({ hasText: "operator retry: provider recovered" })).toHaveCount(1);
  // No longer stuck: it waits in flight for the resumer's next pass.
  await expect(table.locator("tbody tr")).toHaveCount(0);
  await page.getByRole("button", { name: /^In flight/ }).click();
  await expect(table.getByRole("row", { name: new RegExp(stuckId) })).toBeVisible();

  // Re-armed: either still due now (its deadline was ten minutes ahead before the retry), or the resumer
  // has taken it since, which shows as a move after the retry's entry or as a new attempt (the retry
  // reset attempts to 0).
  await expect
    .poll(
      async () => {
        const stored = await asPlatform(db, (tx) => tx.checkoutSaga.findUniqueOrThrow({ where: { id: stuckId } }));
        const history = stored.history as { note: string }[];
        const retried = history.findIndex((e) => e.note === "operator retry: provider recovered");
        if (retried < 0) return "no retry entry";
        return stored.deadline.getTime() <= Date.now() || history.length > retried + 1 || stored.attempts > 0 ? "re-armed" : "waiting for the resumer's move";
      },
      { timeout: 30_000 },
    )
    .toBe("re-armed");
  const audit = await asPlatform(db, (tx) => tx.auditEntry.findMany({ where: { tenantId: null, action: "checkout.saga.retried", entityId: stuckId } }));
  expect(audit).toHaveLength(1);

  await page.getByRole("button", { name: /^Confirmed/ }).click();
  await table.getByRole("row", { name: new RegExp(confirmedId) }).getByRole("button", { name: confirmedId }).click();
  await expect(detail.getByTestId("saga-state")).toHaveText("confirmed");
  await expect(detail.getByTestId("saga-history").locator("tbody tr")).toHaveCount(3);
  await expect(detail.getByRole("form", { name: "Retry saga" })).toHaveCount(0);

  expect(errors).toEqual([]);
});
