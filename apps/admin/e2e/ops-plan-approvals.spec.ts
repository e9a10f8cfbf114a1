import { randomUUID } from "node:crypto";

import { asPlatform, createDb } from "@bazaar/db";
import { collectBrowserErrors, e2eDatabaseUrls } from "@bazaar/next-kit/playwright";
import { expect, test } from "@playwright/test";

import { runId, signInAs } from "./seller";

/** Two fresh tenants, each with an owner's pending request for Enterprise (as tenants.requestPlanApproval leaves it). */
async function pendingRequests(run: string) {
  const db = createDb({ url: e2eDatabaseUrls("bazaar_e2e_admin").DATABASE_URL, poolSize: 1, applicationName: "e2e-admin-plans" });
  try {
    return await asPlatform(db, async (tx) => {
      const request = async (label: string) => {
        const tenant = await tx.tenant.create({ data: { slug: `${label}-${run}`, name: `${label} ${run}`, type: "SELLER_BUSINESS" } });
        await tx.planApproval.create({ data: { tenantId: tenant.id, plan: "ENTERPRISE", requestedBy: randomUUID(), note: `${label} volumes ${run}` } });
        return tenant.id;
      };
      return { approveId: await request("approve"), rejectId: await request("reject") };
    });
  } finally {
    await db.$disconnect();
  }
}

test("an operator approves one plan request and rejects another, each with a note", async ({ page }) => {
  const errors = collectBrowserErrors(page);
  const run = runId();
  const { approveId, rejectId } = await pendingRequests(run);

  await signInAs(page, "operator@bazaar.local");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Ops: plans" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Plan requests" })).toBeVisible();
  const table = page.getByTestId("plan-approvals");

  const decide = async (tenantId: string, button: "Approve" | "Reject", note: string) => {
    await table.getByRole("row", { name: new RegExp(tenantId) }).getByRole("button", { name: "Decide" }).click();
    const form = page.getByRole("form", { name: `ENTERPRISE for tenant ${tenantId}` });
    await expect(form).toContainText(`volumes ${run}`);
    await form.getByLabel(/^Note/).fill(note);
    await form.getByRole("button", { name: button }).click();
    await expect(page.getByText(`ENTERPRISE for tenant ${tenantId}: ${button === "Approve" ? "approved" : "rejected"}.`)).toBeVisible();
    // Decided requests leave the pending list.
    await expect(table.getByRole("row", { name: new RegExp(tenantId) })).toHaveCount(0);
  };
  await decide(approveId, "Approve", `contract signed ${run}`);
  await decide(rejectId, "Reject", `no agreement yet ${run}`);

  await page.getByLabel("Status").selectOption("approved");
  await expect(table.getByRole("row", { name: new RegExp(approveId) })).toContainText(`contract signed ${run}`);
  await page.getByLabel("Status").selectOption("rejected");
  await expect(table.getByRole("row", { name: new RegExp(rejectId) })).toContainText(`no agreement yet ${run}`);

  // Approving applied the plan; rejecting left the tenant on its own.
  const db = createDb({ url: e2eDatabaseUrls("bazaar_e2e_admin").DATABASE_URL, poolSize: 1, applicationName: "e2e-admin-plans-check" });
  try {
    const plans = await asPlatform(db, (tx) => tx.tenant.findMany({ where: { id: { in: [approveId, rejectId] } }, select: { id: true, plan: true } }));
    expect(Object.fromEntries(plans.map((t) => [t.id, t.plan]))).toEqual({ [approveId]: "ENTERPRISE", [rejectId]: "FREE" });
  } finally {
    await db.$disconnect();
  }

  expect(errors).toEqual([]);
});
