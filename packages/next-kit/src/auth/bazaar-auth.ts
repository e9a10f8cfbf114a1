import "server-only";

import { createCaller, createTRPCContext, RateLimitExceededError } from "@bazaar/api/server";
import type { NextAuthOptions, Session, User } from "next-auth";
import NextAuth from "next-auth";
import { decode, type JWT } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import { cookies, headers as requestHeaders } from "next/headers";
import { z, type ZodError } from "zod";

import { clientAddressOf, forApi } from "../client-address";
import type { ServerDeps } from "../server-deps";
import { firstFieldErrors, tooManyRequestsMessage } from "../ui/api-error";
import { authCookies, DEVICE_COOKIE, parseCookieHeader, sessionTokenFrom, type CookieLike } from "./auth-cookies";
import { REFRESH_MARGIN_MS, type ApiTokens, type BazaarUser } from "./auth-types";
import { decodeSignInOutcome, encodeSignInOutcome, type SignInRefusal } from "./sign-in-outcome";
import { RefreshRefusedError, rotateOnce } from "./token-rotation";

export interface BazaarAuthConfig {
  /** Names the cookies (`bazaar-web.session-token`): the two apps share a host in development. */
  app: string;
  secret: string;
  secureCookies: boolean;
  getDeps: () => ServerDeps;
  /** The app's sign-in page; next-auth sends failed and signed-out visitors there. */
  signInPath: string;
  /** A cookie naming the tenant the user works in; sent to the API as `x-tenant-id`. */
  tenantCookie?: string;
}

/** Matches the refresh token's lifetime in the API: a session cookie never outlives what it can renew. */
const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// What the browser's request says about the client, passed on to the API so flagging and the sessions
// list see the shopper's browser; the address travels vouched for (client-address.ts), never as sent.
const FORWARDED_HEADERS = ["user-agent", "accept-language", "x-request-id", "traceparent", "tracestate"];

const passwordStep = z.object({ email: z.string().min(1, "enter your email"), password: z.string().min(1, "enter your password") });
const codeStep = z.object({
  challengeId: z.uuid(),
  method: z.enum(["totp", "email", "sms", "recovery"]),
  code: z.string().trim().min(1, "enter the code"),
});

interface ApiError extends Error {
  code: string;
  cause?: unknown;
}

/**
 * A TRPCError from the in-process API. Checked by shape, not `instanceof`: pnpm may install
 * @trpc/server twice (once per set of peer dependencies), and the API's copy is not this package's.
 */
function isApiError(error: unknown): error is ApiError {
  return error instanceof Error && error.name === "TRPCError" && typeof (error as Partial<ApiError>).code === "string";
}

/** A ZodError, by shape for the same reason. */
function isZodError(error: unknown): error is ZodError {
  return error instanceof Error && error.name === "ZodError" && Array.isArray((error as Partial<ZodError>).issues);
}

/** Thrown by the jwt callback when the API refuses the refresh token: next-auth then clears the cookie. */
class SessionEndedError extends Error {
  override name = "SessionEndedError";
}

function toUser(result: { accessToken: string; accessExpiresAt: Date; refreshToken: string; refreshExpiresAt: Date; sessionId: string; user: BazaarUser }): User {
  return { id: result.user.id, name: result.user.name, email: result.user.email, profile: result.user, tokens: toTokens(result) };
}

function toTokens(result: { accessToken: string; accessExpiresAt: Date; refreshToken: string; refreshExpiresAt: Date; sessionId: string }): ApiTokens {
  return {
    accessToken: result.accessToken,
    accessExpiresAt: result.accessExpiresAt.getTime(),
    refreshToken: result.refreshToken,
    refreshExpiresAt: result.refreshExpiresAt.getTime(),
    sessionId: result.sessionId,
  };
}

/** An API refusal as the sign-in form shows it. */
export function refusalOf(error: unknown): SignInRefusal {
  if (isApiError(error)) {
    const retryAfter = error.cause instanceof RateLimitExceededError ? error.cause.retryAfterSeconds : null;
    if (error.code === "TOO_MANY_REQUESTS") return { kind: "error", code: error.code, message: tooManyRequestsMessage(retryAfter), fieldErrors: {}, retryAfter };
    if (isZodError(error.cause)) {
      return { kind: "error", code: error.code, message: "Please correct the highlighted fields.", fieldErrors: firstFieldErrors(z.flattenError(error.cause).fieldErrors), retryAfter: null };
    }
    if (error.code !== "INTERNAL_SERVER_ERROR") return { kind: "error", code: error.code, message: sentence(error.message), fieldErrors: {}, retryAfter: null };
  }
  return { kind: "error", code: "INTERNAL_SERVER_ERROR", message: "Sign-in is unavailable right now. Please try again.", fieldErrors: {}, retryAfter: null };
}

function sentence(text: string): string {
  const s = text.trim();
  return s ? `${s[0]!.toUpperCase()}${s.slice(1)}${/[.!?]$/.test(s) ? "" : "."}` : "Sign-in failed.";
}

export function createBazaarAuth(config: BazaarAuthConfig) {
  const cookieSet = authCookies(config.app, config.secureCookies);
  const namespace = `nauth:${config.app}`;

  async function apiCaller(requestHeaders: Headers) {
    const ctx = await createTRPCContext({ headers: requestHeaders, ...config.getDeps() });
    return createCaller(ctx);
  }

  function forwarded(source: Record<string, unknown> | undefined): Headers {
    const incoming = new Headers();
    for (const [name, value] of Object.entries(source ?? {})) if (typeof value === "string") incoming.set(name, value);
    const out = new Headers({ "x-trpc-source": `${config.app}-auth` });
    for (const name of FORWARDED_HEADERS) {
      const value = incoming.get(name);
      if (value) out.set(name, value);
    }
    return forApi(out, clientAddressOf(incoming));
  }

  /**
   * The client address of the request being served (next-auth's route, where the jwt callback and
   * sign-out run), or null outside one. A refresh is rate limited per address like every call.
   */
  async function currentAddress(): Promise<string | null> {
    try {
      return clientAddressOf(new Headers(await requestHeaders()));
    } catch {
      return null;
    }
  }

  async function exchange(refreshToken: string, address: string | null) {
    const caller = await apiCaller(forApi(new Headers({ "x-trpc-source": `${config.app}-auth` }), address));
    try {
      const result = await caller.identity.refresh({ refreshToken });
      return { ...toTokens(result), user: result.user };
    } catch (error) {
      if (isApiError(error) && (error.code === "UNAUTHORIZED" || error.code === "BAD_REQUEST")) {
        throw new RefreshRefusedError(error.message);
      }
      throw error;
    }
  }

  async function authorize(credentials: Record<string, string> | undefined, req: { headers?: Record<string, unknown> }): Promise<User> {
    const requestHeaders = forwarded(req.headers);
    const caller = await apiCaller(requestHeaders);
    const cookieHeader = typeof req.headers?.cookie === "string" ? req.headers.cookie : "";
    const deviceId = parseCookieHeader(cookieHeader).find((c) => c.name === DEVICE_COOKIE)?.value;
    try {
      if (credentials?.challengeId) {
        const step = codeStep.safeParse(credentials);
        if (!step.success) throw new Error(encodeSignInOutcome(invalid(step.error)));
        const input = step.data;
        const result = await caller.identity.completeSecondFactor(
          input.method === "recovery" ? { ...input, method: "recovery" } : { ...input, method: input.method },
        );
        return toUser(result);
      }
      const step = passwordStep.safeParse(credentials);
      if (!step.success) throw new Error(encodeSignInOutcome(invalid(step.error)));
      const result = await caller.identity.login({ ...step.data, ...(deviceId && /^[A-Za-z0-9._:-]{8,128}$/.test(deviceId) ? { deviceId } : {}) });
      if (result.status === "second-factor-required") {
        throw new Error(
          encodeSignInOutcome({ kind: "second-factor", challengeId: result.challengeId, methods: result.methods, expiresAt: result.expiresAt.toISOString() }),
        );
      }
      return toUser(result);
    } catch (error) {
      if (error instanceof Error && !isApiError(error) && error.message.startsWith("{")) throw error;
      if (!isApiError(error) || error.code === "INTERNAL_SERVER_ERROR") {
        config.getDeps().logger?.error("sign-in failed", { error });
      }
      throw new Error(encodeSignInOutcome(refusalOf(error)));
    }
  }

  function invalid(error: ZodError): SignInRefusal {
    return { kind: "error", code: "BAD_REQUEST", message: "Please correct the highlighted fields.", fieldErrors: firstFieldErrors(z.flattenError(error).fieldErrors), retryAfter: null };
  }

  async function logoutWith(token: JWT): Promise<void> {
    if (!token.accessToken) return;
    let accessToken = token.accessToken;
    const address = await currentAddress();
    if (token.refreshToken && (token.accessExpiresAt ?? 0) - Date.now() < REFRESH_MARGIN_MS) {
      const exchangeFrom = (refreshToken: string) => exchange(refreshToken, address);
      accessToken = (await rotateOnce({ redis: config.getDeps().redis, refreshToken: token.refreshToken, exchange: exchangeFrom, namespace })).accessToken;
    }
    const caller = await apiCaller(forApi(new Headers({ authorization: `Bearer ${accessToken}`, "x-trpc-source": `${config.app}-auth` }), address));
    await caller.identity.logout();
  }

  const options: NextAuthOptions = {
    secret: config.secret,
    useSecureCookies: config.secureCookies,
    cookies: cookieSet.nextAuth,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    jwt: { maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: config.signInPath, error: config.signInPath },
    providers: [
      CredentialsProvider({
        id: "bazaar",
        name: "Bazaar",
        // Two shapes on one provider: the password step, or the code step with the challenge it answers.
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
          challengeId: { label: "Challenge", type: "text" },
          method: { label: "Method", type: "text" },
          code: { label: "Code", type: "text" },
        },
        authorize,
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          const { profile, tokens } = user;
          return { sub: profile.id, name: profile.name, email: profile.email, user: profile, ...tokens };
        }
        if (!token.refreshToken || !token.user) throw new SessionEndedError("no API session in the cookie");
        if ((token.accessExpiresAt ?? 0) - Date.now() > REFRESH_MARGIN_MS) return token;
        try {
          const address = await currentAddress();
          const exchangeFrom = (refreshToken: string) => exchange(refreshToken, address);
          const { user: refreshed, ...tokens } = await rotateOnce({ redis: config.getDeps().redis, refreshToken: token.refreshToken, exchange: exchangeFrom, namespace });
          return { ...token, ...tokens, user: { ...token.user, ...refreshed } };
        } catch (error) {
          if (error instanceof RefreshRefusedError) throw new SessionEndedError(error.message);
          // The API or Redis is unreachable: keep the session, the next request tries again.
          config.getDeps().logger?.warn("access token refresh failed", { error });
          return token;
        }
      },
      session({ session, token }): Session {
        return { expires: session.expires, user: token.user!, sessionId: token.sessionId ?? "" };
      },
    },
    events: {
      async signOut({ token }) {
        // Ends the API session too, so its refresh token is dead even if the cookie was copied.
        await logoutWith(token).catch((error: unknown) => config.getDeps().logger?.warn("API logout failed", { error }));
      },
    },
    logger: {
      error(code, metadata) {
        const error = metadata instanceof Error ? metadata : metadata.error;
        // A revoked session is an expected outcome (sign-out elsewhere, reuse detection), not a fault.
        if (error instanceof SessionEndedError) config.getDeps().logger?.info("session ended", { reason: error.message });
        else config.getDeps().logger?.error(`next-auth ${code}`, { error });
      },
      warn(code) {
        config.getDeps().logger?.warn(`next-auth ${code}`);
      },
      debug() {},
    },
  };

  /** Decodes the session cookie without renewing anything (server components cannot set cookies). */
  async function readToken(source: readonly CookieLike[]): Promise<JWT | null> {
    const raw = sessionTokenFrom(source, cookieSet.sessionTokenName);
    if (!raw) return null;
    try {
      const token = await decode({ token: raw, secret: config.secret });
      return token?.user && token.accessToken ? token : null;
    } catch {
      return null;
    }
  }

  /**
   * What the API needs from this request: the bearer token of the signed-in user and, when the app
   * keeps one, the tenant chosen in the tenant switcher.
   */
  async function apiHeadersFrom(source: readonly CookieLike[]): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    const token = await readToken(source);
    if (token?.accessToken) out.authorization = `Bearer ${token.accessToken}`;
    const tenant = config.tenantCookie ? source.find((c) => c.name === config.tenantCookie)?.value : undefined;
    if (tenant && UUID.test(tenant)) out["x-tenant-id"] = tenant;
    return out;
  }

  /** The signed-in user of the current request (server components, route handlers), or null. */
  async function getSession(): Promise<Session | null> {
    const token = await readToken((await cookies()).getAll());
    if (!token?.user) return null;
    return { user: token.user, sessionId: token.sessionId ?? "", expires: new Date(Number(token.exp ?? 0) * 1000).toISOString() };
  }

  const nextAuthHandler = NextAuth(options) as (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

  /**
   * next-auth answers every refused credentials sign-in with 401. A password that needs a second factor
   * is not a refusal but the first of two steps, so that answer becomes a 200 (the browser would
   * otherwise log a failed request on every two-step sign-in); the outcome still travels as `error`.
   */
  async function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }): Promise<Response> {
    const response = await nextAuthHandler(req, ctx);
    if (response.status !== 401 || req.method !== "POST" || !new URL(req.url).pathname.endsWith("/callback/bazaar")) return response;
    const body = (await response.clone().json().catch(() => null)) as { url?: string } | null;
    const error = body?.url ? new URL(body.url).searchParams.get("error") : null;
    if (decodeSignInOutcome(error).kind !== "second-factor") return response;
    return new Response(JSON.stringify(body), { status: 200, headers: response.headers });
  }

  return {
    options,
    /** `export { handler as GET, handler as POST }` in app/api/auth/[...nextauth]/route.ts. */
    handler,
    getSession,
    cookieNames: { session: cookieSet.sessionTokenName },
    /** Whether cookies this app sets must be `Secure` (production over https). */
    cookieSecure: config.secureCookies,
    /** For the tRPC route handler: API headers from the incoming request's cookies. */
    apiHeadersForRequest: (req: Request) => apiHeadersFrom(parseCookieHeader(req.headers.get("cookie") ?? "")),
    /** For server components: API headers from the current request's cookies. */
    apiHeadersForServerComponent: async () => apiHeadersFrom((await cookies()).getAll()),
  };
}

export type BazaarAuth = ReturnType<typeof createBazaarAuth>;
