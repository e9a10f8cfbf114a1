import { createAuthProxy } from "@bazaar/next-kit/auth-proxy";

import { env, serverOrigin } from "./env";
import { createStoreHostCache, customHostOf } from "./storefront/store-hosts";

// The store's own domain serves its store page at `/`; every other path (product pages, search, the
// app's assets and API) is served as on the platform host, so links inside the store keep working.
const storeHosts = createStoreHostCache({
  // Through the app's own tRPC endpoint on loopback: the proxy stays free of database clients, and the
  // lookup is rate limited, logged and traced like any other API call.
  lookup: async (host) => {
    const input = encodeURIComponent(JSON.stringify({ json: { host } }));
    const res = await fetch(`${serverOrigin}/api/trpc/stores.resolveHost?input=${input}`, { headers: { "x-trpc-source": "proxy" }, cache: "no-store" });
    if (res.status === 404) return null;
    if (!res.ok) throw new Error(`stores.resolveHost answered ${res.status}`);
    const body = (await res.json()) as { result?: { data?: { json?: { slug?: unknown } } } };
    const slug = body.result?.data?.json?.slug;
    return typeof slug === "string" ? slug : null;
  },
});
const ownHosts = [new URL(env.NEXTAUTH_URL).hostname.toLowerCase()];

export const proxy = createAuthProxy({
  app: "web",
  secret: env.NEXTAUTH_SECRET,
  secureCookies: env.AUTH_SECURE_COOKIES,
  internalOrigin: serverOrigin,
  rewrite: async (request) => {
    if (request.nextUrl.pathname !== "/") return null;
    const host = customHostOf(request.headers.get("host"), ownHosts);
    const slug = host ? await storeHosts.resolve(host) : null;
    if (!slug) return null;
    const target = request.nextUrl.clone();
    target.pathname = `/s/${slug}`;
    return target;
  },
});

export const config = {
  // Everything but next-auth's own endpoints (the proxy calls one of them) and static files.
  matcher: ["/((?!api/auth|health|ready|metrics|_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
