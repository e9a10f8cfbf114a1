import { z } from "zod";

/**
 * The next-auth settings both apps validate in their env module (`baseEnvSchema.extend(nextAuthEnvShape)`,
 * then `.transform(resolveNextAuthEnv(...))`). Development and test get fixed defaults so nothing has to be
 * configured; production refuses to start without a real secret and URL, and outside loopback the URL
 * must be https, so production session cookies are always `Secure`.
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
}

export interface NextAuthEnv {
  NEXTAUTH_SECRET: string;
  NEXTAUTH_URL: string;
  /** Session and CSRF cookies carry `Secure` (and the `__Secure-`/`__Host-` prefixes). */
  AUTH_SECURE_COOKIES: boolean;
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
      NEXTAUTH_SECRET: env.NEXTAUTH_SECRET ?? `bazaar-${app}-development-only-nextauth-secret`,
      NEXTAUTH_URL: url.origin,
      AUTH_SECURE_COOKIES: https,
    };
  };
}
