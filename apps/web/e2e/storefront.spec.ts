import { collectBrowserErrors, expectOpsEndpoints, expectSecurityHeaders } from "@bazaar/next-kit/playwright";
import { expect, test } from "@playwright/test";

import { storefrontNav } from "../src/app/nav";

test("home page renders the API's ping on the server and again from the browser", async ({ page }) => {
  const errors = collectBrowserErrors(page);
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);

  await expect(page.getByRole("heading", { level: 1, name: "Bazaar" })).toBeVisible();

  const serverPing = page.getByTestId("server-ping");
  await expect(serverPing.getByRole("definition").first()).toHaveText("ok");
  const serverTime = await serverPing.locator("time").getAttribute("datetime");
  expect(Number.isNaN(Date.parse(serverTime ?? ""))).toBe(false);

  // Hydrated from the server's cache: same answer, no request from the browser yet.
  const livePing = page.getByTestId("live-ping");
  await expect(livePing.locator("time")).toHaveAttribute("datetime", serverTime ?? "");
  await expect(livePing.getByTestId("browser-calls")).toHaveText("0");

  const [pingResponse] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname.startsWith("/api/trpc/health.ping")),
    livePing.getByRole("button", { name: "Ping again" }).click(),
  ]);
  expect(pingResponse.status()).toBe(200);
  await expect(livePing.getByTestId("browser-calls")).toHaveText("1");
  // The browser got a Date back through superjson, newer than the one rendered on the server.
  const browserTime = await livePing.locator("time").getAttribute("datetime");
  expect(Date.parse(browserTime ?? "")).toBeGreaterThanOrEqual(Date.parse(serverTime ?? ""));
  await expect(livePing.getByRole("definition").first()).toHaveText("ok");

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
