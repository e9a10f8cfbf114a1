import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";

import { asPlatform, createDb } from "@bazaar/db";
import { collectBrowserErrors, e2eDatabaseUrls } from "@bazaar/next-kit/playwright";
import { expect, test } from "@playwright/test";

import { shopperApi } from "./shop-helpers";

/** GET on the app's loopback address with a Host header of our choosing, as a browser on that domain sends. */
function getWithHost(path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: 3100, path, headers: { host, accept: "text/html" } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.setTimeout(30_000, () => req.destroy(new Error("timed out")));
    req.end();
  });
}

test("a store page wears its seller's theme: banner, logo, colours and layout", async ({ page }) => {
  const errors = collectBrowserErrors(page);
  const store = await shopperApi().stores.resolveHost.query({ slug: "acme-crafts" });
  await page.goto("/s/acme-crafts");
  await expect(page.getByRole("heading", { level: 1, name: store.name })).toBeVisible();
  const root = page.getByTestId("store-page");
  await expect(root).toHaveAttribute("data-layout", store.theme.layout ?? "classic");
  const band = await root.evaluate((el) => getComputedStyle(el).getPropertyValue("--store-band").trim());
  expect(band).toBe(store.theme.primaryColor);
  await expect(page.getByRole("img", { name: `${store.name} logo` })).toBeVisible();
  // Only this store's products, each linking to its product page.
  const cards = page.getByTestId("product-card");
  await expect(cards.first()).toBeVisible();
  for (const href of await cards.getByRole("link").evaluateAll((links) => links.map((a) => a.getAttribute("href")))) expect(href).toMatch(/^\/p\/acme-crafts\//);
  expect(errors).toEqual([]);
});

test("a store's verified custom domain serves its store page; unknown hosts get the marketplace", async () => {
  const slug = "bolt-books";
  const hostname = `shop-${randomBytes(4).toString("hex")}.bolt-books.example`;
  // The domain's DNS proof is stores.verifyDomain's concern (tested in packages/api); here the claim is
  // recorded as verified directly, as verifyDomain leaves it.
  const db = createDb({ url: e2eDatabaseUrls("bazaar_e2e_web").DATABASE_URL, poolSize: 1, applicationName: "e2e-web-domains" });
  try {
    await asPlatform(db, async (tx) => {
      const store = await tx.store.findFirstOrThrow({ where: { slug } });
      await tx.storeDomain.create({
        data: { tenantId: store.tenantId, storeId: store.id, hostname, verifiedHostname: hostname, status: "VERIFIED", verifiedAt: new Date(), token: randomBytes(16).toString("hex") },
      });
    });
  } finally {
    await db.$disconnect();
  }

  const own = await getWithHost("/", `${hostname}:3100`);
  expect(own.status).toBe(200);
  expect(own.body).toContain('data-testid="store-page"');
  expect(own.body).toContain("<title>Bolt Books · Bazaar</title>");
  // A second request is answered from the proxy's cache the same way.
  expect((await getWithHost("/", hostname)).body).toContain('data-testid="store-page"');
  // Other paths on that domain are the storefront's own (product pages, search...).
  expect((await getWithHost("/search?q=book", hostname)).body).toContain("Results for");

  const unknown = await getWithHost("/", "unclaimed.example");
  expect(unknown.status).toBe(200);
  expect(unknown.body).not.toContain('data-testid="store-page"');
  expect(unknown.body).toContain("Shop by category");
});

test("SEO: canonical URLs, sitemap.xml, robots.txt and Product JSON-LD", async ({ page, request }) => {
  const sitemap = await request.get("/sitemap.xml");
  expect(sitemap.status()).toBe(200);
  const xml = await sitemap.text();
  const urls = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1] ?? "");
  expect(urls).toContain("http://127.0.0.1:3100/");
  expect(urls.some((u) => /\/c\/[a-z-]+$/.test(u))).toBe(true);
  const productUrl = urls.find((u) => u.includes("/p/"));
  expect(productUrl).toMatch(/^http:\/\/127\.0\.0\.1:3100\/p\/[^/]+\/[^/]+$/);
  expect(urls.some((u) => u.includes("/s/"))).toBe(true);

  const robots = await (await request.get("/robots.txt")).text();
  expect(robots).toContain("Sitemap: http://127.0.0.1:3100/sitemap.xml");
  expect(robots).toContain("Disallow: /account");

  const path = new URL(productUrl ?? "").pathname;
  await page.goto(path);
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", `http://127.0.0.1:3100${path}`);
  const description = await page.locator('meta[name="description"]').getAttribute("content");
  expect(description?.length).toBeGreaterThan(20);
  const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? "{}") as { "@type": string; name: string; offers: { price: string; priceCurrency: string; availability: string }[] };
  expect(ld["@type"]).toBe("Product");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(ld.name);
  expect(ld.offers.length).toBeGreaterThan(0);
  expect(ld.offers[0]?.price).toMatch(/^\d+\.\d{2}$/);
  expect(ld.offers[0]?.availability).toMatch(/^https:\/\/schema\.org\/(InStock|OutOfStock)$/);

  expect((await request.get("/p/no-such-store/no-such-product")).status()).toBe(404);
  expect((await request.get("/s/no-such-store")).status()).toBe(404);
  expect((await request.get("/c/no-such-category")).status()).toBe(404);
  // A malformed cursor is a stale URL, not an error: back to the first page.
  const stale = await request.get("/search?q=mug&cursor=not-a-cursor", { maxRedirects: 0 });
  expect([303, 307, 308]).toContain(stale.status());
});
