import type { MetadataRoute } from "next";

import { publicUrl } from "../storefront/site-url";

// Rendered per request: the sitemap's address is the running server's public origin (NEXTAUTH_URL),
// not whatever it was when the app was built.
export const dynamic = "force-dynamic";

export default function robots(): MetadataRoute.Robots {
  return {
    // Account and checkout pages are per shopper; the API answers only the app's own pages.
    rules: [{ userAgent: "*", allow: "/", disallow: ["/account", "/cart", "/api/", "/sign-in", "/sign-up", "/reset-password", "/forgot-password", "/verify-email"] }],
    sitemap: publicUrl("/sitemap.xml"),
  };
}
