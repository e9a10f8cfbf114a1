import { describe, expect, it } from "vitest";

import { jsonLdText, productJsonLd } from "./product-json-ld";

type Detail = Parameters<typeof productJsonLd>[0];

const product = {
  id: "p1",
  handle: "brass-lantern",
  title: "Brass </script> Lantern",
  description: "Warm light.",
  tags: [],
  store: { id: "s1", name: "Aurora Lights", slug: "aurora-lights" },
  category: [
    { id: "c1", name: "Home", slug: "home" },
    { id: "c2", name: "Lighting", slug: "lighting" },
  ],
  options: [{ name: "Finish", values: ["Brass", "Copper"] }],
  variants: [
    { id: "v1", sku: "AL-1", title: "Brass", optionValues: { Finish: "Brass" }, priceAmount: 3_900, compareAtAmount: null, currency: "USD", available: 3, inStock: true },
    { id: "v2", sku: "AL-2", title: "Copper", optionValues: { Finish: "Copper" }, priceAmount: 450, compareAtAmount: null, currency: "JPY", available: 0, inStock: false },
  ],
  images: [{ assetId: "a1", alt: "", thumbUrl: null, cardUrl: null, fullUrl: "http://127.0.0.1:9000/media/a1/full.webp", width: 1200, height: 1200 }],
  collections: [],
  rating: { average: 0, count: 0 },
  inStock: true,
  publishedAt: null,
  updatedAt: "2026-12-01T00:00:00.000Z",
} satisfies Detail;

describe("productJsonLd", () => {
  it("describes the product with one offer per variant in major units", () => {
    const ld = productJsonLd(product, "https://shop.example/p/aurora-lights/brass-lantern") as { offers: Record<string, unknown>[]; category: string; aggregateRating?: unknown; image: string[] };
    expect(ld.category).toBe("Home > Lighting");
    expect(ld.image).toEqual(["http://127.0.0.1:9000/media/a1/full.webp"]);
    expect(ld.aggregateRating).toBeUndefined();
    expect(ld.offers).toMatchObject([
      { sku: "AL-1", price: "39.00", priceCurrency: "USD", availability: "https://schema.org/InStock" },
      { sku: "AL-2", price: "450", priceCurrency: "JPY", availability: "https://schema.org/OutOfStock" },
    ]);
  });

  it("cannot close its script element", () => {
    const text = jsonLdText(productJsonLd(product, "https://shop.example/p"));
    expect(text).not.toContain("</script>");
    expect((JSON.parse(text) as { name: string }).name).toBe("Brass </script> Lantern");
  });
});
