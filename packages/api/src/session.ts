import { type PlatformRole } from "./roles";

export interface Session {
  userId: string;
  platformRole: PlatformRole;
  /** The sign-in (user_sessions row) the access token belongs to; absent for sessions built in tests. */
  sessionId?: string;
}

export type RequestHeaders = Headers | Readonly<Record<string, string | string[] | undefined>>;

/**
 * Turns request headers into a verified session, or null. The identity domain supplies the real one
 * (identity/session-resolver.ts: verifies the `authorization: Bearer` access token and that its session
 * is not revoked), which createTRPCContext uses unless told otherwise; an unverified claim of identity
 * must never become a session.
 */
export type SessionResolver = (headers: Headers) => Promise<Session | null>;

export const anonymousResolver: SessionResolver = async () => null;

/** Normalises Node's IncomingHttpHeaders and fetch Headers into fetch Headers. */
export function toHeaders(headers: RequestHeaders): Headers {
  if (headers instanceof Headers) return headers;
  const out = new Headers();
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) out.append(key, v);
    else out.set(key, value);
  }
  return out;
}
