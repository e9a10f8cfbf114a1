import { createAuthProxy } from "@bazaar/next-kit/auth-proxy";

import { env, serverOrigin } from "./env";

export const proxy = createAuthProxy({
  app: "admin",
  secret: env.NEXTAUTH_SECRET,
  secureCookies: env.AUTH_SECURE_COOKIES,
  internalOrigin: serverOrigin,
});

export const config = {
  // Everything but next-auth's own endpoints (the proxy calls one of them) and static files.
  matcher: ["/((?!api/auth|health|ready|metrics|_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
