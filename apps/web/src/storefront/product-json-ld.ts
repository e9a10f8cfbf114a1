import type { RouterOutputs } from "@bazaar/api";

type ProductDetail = RouterOutputs["search"]["getProduct"];

const major = (minor: number, currency: string) => {
  const digits = new Intl.NumberFormat("en-US", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return (minor / 10 ** digits).toFixed(digits);
};

/** schema.org Product with one Offer per variant, for search engines' rich results. */
export function productJsonLd(product: ProductDetail, url: string): Record<string, unknown> {
  const images = product.images.map((i) => i.fullUrl).filter((u): u is string => Boolean(u));
  return {
    "@context": "https://schema.org",
    "@type": "Product",
    name: product.title,
    description: product.description,
    url,
    ...(images.length ? { image: images } : {}),
    brand: { "@type": "Brand", name: product.store.name },
    ...(product.category.length ? { category: product.category.map((c) => c.name).join(" > ") } : {}),
    ...(product.rating.count > 0 ? { aggregateRating: { "@type": "AggregateRating", ratingValue: product.rating.average, reviewCount: product.rating.count } } : {}),
    offers: product.variants.map((v) => ({
      "@type": "Offer",
      sku: v.sku,
      name: v.title,
      price: major(v.priceAmount, v.currency),
      priceCurrency: v.currency,
      availability: v.available > 0 ? "https://schema.org/InStock" : "https://schema.org/OutOfStock",
      url,
      seller: { "@type": "Organization", name: product.store.name },
    })),
  };
}

/** JSON for a <script type="application/ld+json">: `<` escaped so no text can close the script element. */
export const jsonLdText = (data: unknown) => JSON.stringify(data).replace(/</g, "\\u003c");
