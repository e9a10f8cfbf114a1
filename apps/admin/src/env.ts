import "server-only";

import { baseEnvSchema, parseEnv } from "@bazaar/config";
import { nextAuthEnvShape, resolveNextAuthEnv } from "@bazaar/next-kit/auth-env";
import { z } from "zod";

/** The admin dashboard's environment, validated once when the server starts. */
export const env = parseEnv(
  baseEnvSchema
    .extend({
      PORT: z.coerce.number().int().min(1).max(65_535).default(3001),
      /** The storefront, where sellers create their account before signing in here. */
      WEB_URL: z.url().default("http://127.0.0.1:3000"),
      ...nextAuthEnvShape,
    })
    .transform(resolveNextAuthEnv("admin")),
);

// next-auth reads NEXTAUTH_URL from process.env itself (to build its redirects); give it the validated one.
process.env.NEXTAUTH_URL = env.NEXTAUTH_URL;

/** Where this server listens, for the rare fetch a client component makes during the server render. */
export const serverOrigin = `http://127.0.0.1:${env.PORT}`;
