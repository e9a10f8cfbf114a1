import "server-only";

import { createBazaarAuth } from "@bazaar/next-kit/auth";

import { env } from "../env";
import { getDeps } from "./deps";

/** next-auth for the storefront: credentials (password, then a second factor) against identity.*. */
export const auth = createBazaarAuth({
  app: "web",
  secret: env.NEXTAUTH_SECRET,
  secureCookies: env.AUTH_SECURE_COOKIES,
  getDeps,
  signInPath: "/sign-in",
});
