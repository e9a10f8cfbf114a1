import "server-only";

import { createBazaarAuth } from "@bazaar/next-kit/auth";

import { env } from "../env";
import { getDeps } from "./deps";

/** The cookie holding the tenant picked in the header's switcher; sent to the API as `x-tenant-id`. */
export const TENANT_COOKIE = "bazaar-admin.tenant";

/** next-auth for the admin app: the same two-step credentials flow as the storefront, its own cookies. */
export const auth = createBazaarAuth({
  app: "admin",
  secret: env.NEXTAUTH_SECRET,
  secureCookies: env.AUTH_SECURE_COOKIES,
  getDeps,
  signInPath: "/sign-in",
  tenantCookie: TENANT_COOKIE,
});
