import type { MetadataRoute } from "next";

import { flattenCategories } from "../storefront/category-tree";
import { productHref } from "../storefront/product-card";
import { publicUrl } from "../storefront/site-url";
import { getCaller } from "../trpc/server";

// The newest products first, bounded so one sitemap stays small and quick to build (a sitemap may hold
// 50,000 URLs; a larger catalogue would move to a sitemap index of per-store sitemaps).
export const dynamic = "force-dynamic";

const MAX_PRODUCTS = 2_000;
const PAGE = 50;

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const api = await getCaller();
  const categories = flattenCategories(await api.catalog.listCategories());
  const entries: MetadataRoute.Sitemap = [
    { url: publicUrl("/"), changeFrequency: "daily", priority: 1 },
    ...categories.map((c) => ({ url: publicUrl(c.href), changeFrequency: "daily" as const, priority: 0.7 })),
  ];
  const stores = new Set<string>();
  let cursor: string | undefined;
  for (let seen = 0; seen < MAX_PRODUCTS; seen += PAGE) {
    const page = await api.search.searchProducts({ sort: "newest", limit: PAGE, withFacets: false, ...(cursor ? { cursor } : {}) });
    for (const hit of page.hits) {
      stores.add(hit.storeSlug);
      entries.push({ url: publicUrl(productHref(hit.storeSlug, hit.handle)), lastModified: new Date(hit.publishedAt), changeFrequency: "weekly", priority: 0.5 });
    }
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  for (const slug of stores) entries.push({ url: publicUrl(`/s/${slug}`), changeFrequency: "daily", priority: 0.6 });
  return entries;
}
