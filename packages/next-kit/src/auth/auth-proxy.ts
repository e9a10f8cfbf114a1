import { decode } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";

import { clientAddressOf, vouchingHeaders } from "../client-address";
import { applySetCookies, authCookies, DEVICE_COOKIE, sessionTokenFrom } from "./auth-cookies";
import { REFRESH_MARGIN_MS } from "./auth-types";

export interface AuthProxyConfig {
  /** As given to createBazaarAuth: names the session cookie. */
  app: string;
  secret: string;
  secureCookies: boolean;
  /** Where this server listens on loopback, e.g. http://127.0.0.1:3000. */
  internalOrigin: string;
  /**
   * Serve another path than the one asked for (the storefront maps a store's custom domain to its store
   * page); null: serve the request as it is. The session renewal and device cookie apply either way.
   */
  rewrite?: (request: NextRequest) => Promise<URL | null>;
}

const DEVICE_MAX_AGE_SECONDS = 400 * 24 * 60 * 60;

/**
 * The apps' `proxy.ts`. It renews the API access token before a page or API call needs it, because only
 * here can the rotated cookie reach both the request being served and the browser: server components
 * cannot set cookies, and a refresh done during a render would be thrown away while the API has already
 * spent the old refresh token. The renewal itself is next-auth's session endpoint (its jwt callback
 * rotates the tokens), called on loopback; its Set-Cookie headers are copied onto the request and the
 * response. It also hands each browser a device id for the API's flagging rules.
 */
export function createAuthProxy(config: AuthProxyConfig) {
  const sessionCookie = authCookies(config.app, config.secureCookies).sessionTokenName;
  return async function proxy(request: NextRequest): Promise<NextResponse> {
    const setCookies: string[] = [];
    let cookieHeader = request.headers.get("cookie") ?? "";

    if (!request.cookies.has(DEVICE_COOKIE)) {
      const attributes = [`Path=/`, `Max-Age=${DEVICE_MAX_AGE_SECONDS}`, "SameSite=Lax", ...(config.secureCookies ? ["Secure"] : [])];
      setCookies.push(`${DEVICE_COOKIE}=${crypto.randomUUID()}; ${attributes.join("; ")}`);
    }

    const raw = sessionTokenFrom(request.cookies.getAll(), sessionCookie);
    const token = raw ? await decode({ token: raw, secret: config.secret }).catch(() => null) : null;
    if (token?.refreshToken && (token.accessExpiresAt ?? 0) - Date.now() < REFRESH_MARGIN_MS) {
      const renewed = await fetch(`${config.internalOrigin}/api/auth/session`, {
        // The renewal arrives from loopback: it carries the browser's address, vouched for, so the API's
        // refresh limit counts this browser rather than the server itself.
        headers: { cookie: cookieHeader, "user-agent": request.headers.get("user-agent") ?? "", ...vouchingHeaders(clientAddressOf(request.headers)) },
        cache: "no-store",
      }).catch(() => null);
      const fresh = renewed?.ok ? renewed.headers.getSetCookie().filter((c) => c.startsWith(sessionCookie)) : [];
      if (fresh.length > 0) {
        cookieHeader = applySetCookies(cookieHeader, sessionCookie, fresh);
        setCookies.push(...fresh);
      }
    }

    const requestHeaders = new Headers(request.headers);
    if (cookieHeader) requestHeaders.set("cookie", cookieHeader);
    else requestHeaders.delete("cookie");
    const target = config.rewrite ? await config.rewrite(request) : null;
    const response = target ? NextResponse.rewrite(target, { request: { headers: requestHeaders } }) : NextResponse.next({ request: { headers: requestHeaders } });
    for (const cookie of setCookies) response.headers.append("set-cookie", cookie);
    return response;
  };
}
