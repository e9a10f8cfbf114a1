import { collectBrowserErrors, expectOpsEndpoints, expectSecurityHeaders } from "@bazaar/next-kit/playwright";
import { expect, test } from "@playwright/test";

import { adminNav } from "../src/app/nav";

test("dashboard shows PostgreSQL and Redis readiness from health.ready", async ({ page }) => {
  const errors = collectBrowserErrors(page);
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: "Bazaar Admin" })).toBeVisible();

  const status = page.getByTestId("system-status");
  // The e2e run has real PostgreSQL and Redis behind it, so both checks must pass.
  await expect(status.getByTestId("check-postgres")).toContainText("up");
  await expect(status.getByTestId("check-redis")).toContainText("up");
  await expect(status.getByTestId("overall-status")).toHaveText("all systems ready");
  await expect(status.getByRole("term")).toHaveText(["Database (PostgreSQL)", "Redis"]);

  // The same query asked again from the browser through the typed client.
  const [readyResponse] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname.startsWith("/api/trpc/health.ready")),
    status.getByRole("button", { name: "Check again" }).click(),
  ]);
  expect(readyResponse.status()).toBe(200);
  await expect(status.getByTestId("check-postgres")).toContainText("up");
  await expect(status.getByRole("button", { name: "Check again" })).toBeEnabled();

  expect(errors).toEqual([]);
});

test("every header link leads to a page that exists", async ({ page }) => {
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link")).toHaveCount(adminNav.length);
  for (const item of adminNav) {
    await nav.getByRole("link", { name: item.label }).click();
    await expect(page).toHaveURL(item.href);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect((await page.request.get(item.href)).status(), item.href).toBe(200);
  }
});

test("responses carry the security headers", async ({ request }) => {
  expectSecurityHeaders(await request.get("/"));
});

test("serves /health, /ready (PostgreSQL and Redis checked) and /metrics", async ({ request }) => {
  await expectOpsEndpoints(request, "admin");
});
