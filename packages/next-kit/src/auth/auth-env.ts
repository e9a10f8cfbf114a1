import { developmentSecrets, ephemeralSecrets, isKnownDevelopmentSecret } from "@bazaar/config";
import { randomBytes } from "node:crypto";
import { z } from "zod";

/**
 * The next-auth settings both apps validate in their env module (`baseEnvSchema.extend(nextAuthEnvShape)`,
 * then `.transform(resolveNextAuthEnv(...))`). Development takes the installation's generated secret
 * (@bazaar/config dev-secrets) and tests a random one, so nothing has to be configured and no secret is
 * ever a value from the repository; a published development value is refused outside tests. Production
 * refuses to start without a real secret and URL, and outside loopback the URL must be https, so
 * production session cookies are always `Secure`.
 */
export const nextAuthEnvShape = {
  /** Encrypts the session cookie (JWE); anyone holding it can forge a session. 32+ characters. */
  NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters").optional(),
  /** The app's public origin, e.g. https://shop.example.com. next-auth builds its redirects from it. */
  NEXTAUTH_URL: z.url().optional(),
  /** Set by Next while it builds (`phase-production-build`); nothing is signed or served then. */
  NEXT_PHASE: z.string().optional(),
};

interface NextAuthEnvInput {
  NODE_ENV: "development" | "test" | "production";
  PORT: number;
  NEXTAUTH_SECRET?: string | undefined;
  NEXTAUTH_URL?: string | undefined;
  NEXT_PHASE?: string | undefined;
  BAZAAR_DEV_SECRETS_FILE?: string | undefined;
}

export interface NextAuthEnv {
  NEXTAUTH_SECRET: string;
  NEXTAUTH_URL: string;
  /** Session and CSRF cookies carry `Secure` (and the `__Secure-`/`__Host-` prefixes). */
  AUTH_SECURE_COOKIES: boolean;
}

/** The secret of an app that was given none (never in production: refused above). */
function defaultSecret(app: string, env: NextAuthEnvInput): string {
  // A build signs nothing; a throwaway value keeps it from touching the secrets file.
  if (env.NODE_ENV === "production") return randomBytes(48).toString("base64url");
  const name = app === "admin" ? "NEXTAUTH_SECRET_ADMIN" : "NEXTAUTH_SECRET_WEB";
  return (env.NODE_ENV === "test" ? ephemeralSecrets() : developmentSecrets(env.BAZAAR_DEV_SECRETS_FILE))[name];
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * A `superRefine` + default filler for one app. `app` keeps the development secrets of the two apps apart
 * (their cookies are encrypted with different keys even on one machine).
 */
export function resolveNextAuthEnv<T extends NextAuthEnvInput>(app: string) {
  return (env: T, ctx: z.RefinementCtx): Omit<T, keyof NextAuthEnv> & NextAuthEnv => {
    // `next build` runs with NODE_ENV=production and evaluates the server modules to collect page data;
    // the secrets belong to the server that will run the build, not to the build machine.
    const production = env.NODE_ENV === "production" && env.NEXT_PHASE !== "phase-production-build";
    if (env.NODE_ENV !== "test" && isKnownDevelopmentSecret(env.NEXTAUTH_SECRET)) {
      ctx.addIssue({ code: "custom", path: ["NEXTAUTH_SECRET"], message: "NEXTAUTH_SECRET is a published development value; generate one (openssl rand -base64 48)" });
    }
    if (production && !env.NEXTAUTH_SECRET) {
      ctx.addIssue({ code: "custom", path: ["NEXTAUTH_SECRET"], message: "NEXTAUTH_SECRET is required in production" });
    }
    if (production && !env.NEXTAUTH_URL) {
      ctx.addIssue({ code: "custom", path: ["NEXTAUTH_URL"], message: "NEXTAUTH_URL is required in production" });
    }
    const url = new URL(env.NEXTAUTH_URL ?? `http://127.0.0.1:${env.PORT}`);
    const https = url.protocol === "https:";
    if (production && !https && !LOOPBACK_HOSTS.has(url.hostname)) {
      ctx.addIssue({ code: "custom", path: ["NEXTAUTH_URL"], message: "NEXTAUTH_URL must be https in production (session cookies are Secure)" });
    }
    return {
      ...env,
      NEXTAUTH_SECRET: env.NEXTAUTH_SECRET ?? defaultSecret(app, env),
      NEXTAUTH_URL: url.origin,
      AUTH_SECURE_COOKIES: https,
    };
  };
}
