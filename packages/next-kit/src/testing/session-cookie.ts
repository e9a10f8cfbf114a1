import type { BrowserContext } from "@playwright/test";
import { decode, encode, type JWT } from "next-auth/jwt";

import { authCookies } from "../auth/auth-cookies";

// Lets a spec look inside the app's session cookie and age it, so the access-token renewal runs now
// instead of in 13 minutes. Uses the NEXTAUTH_SECRET the Playwright preset gave the app (inherited by
// the test workers); e2e servers run over http, so the cookie names have no __Secure- prefix.

function secret(): string {
  const value = process.env.NEXTAUTH_SECRET;
  if (!value) throw new Error("NEXTAUTH_SECRET is not set: run through defineNextAppE2EConfig");
  return value;
}

async function sessionCookie(context: BrowserContext, app: string, baseURL: string) {
  const name = authCookies(app, false).sessionTokenName;
  const cookie = (await context.cookies(baseURL)).find((c) => c.name === name);
  if (!cookie) throw new Error(`no ${name} cookie: is the browser signed in?`);
  return cookie;
}

/** The decoded session JWT the browser holds for `app` ("web", "admin"). */
export async function readSessionToken(context: BrowserContext, app: string, baseURL: string): Promise<JWT> {
  const token = await decode({ token: (await sessionCookie(context, app, baseURL)).value, secret: secret() });
  if (!token) throw new Error("the session cookie does not decode");
  return token;
}

/** Rewrites the session cookie, e.g. with `accessExpiresAt` moved close to now, or an older copy. */
export async function writeSessionToken(context: BrowserContext, app: string, baseURL: string, token: JWT): Promise<void> {
  const cookie = await sessionCookie(context, app, baseURL);
  await context.addCookies([{ ...cookie, value: await encode({ token, secret: secret() }) }]);
}
