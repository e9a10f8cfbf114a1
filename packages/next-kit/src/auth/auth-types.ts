import type { PlatformRole } from "@bazaar/api";
import type { DefaultSession } from "next-auth";

// What next-auth carries for a Bazaar sign-in. The encrypted session cookie (the next-auth JWT) holds the
// API's access and refresh tokens; the Session handed to pages and to the browser never does.

/** Access tokens live 15 minutes; renew them when less than this is left, before a request can fail. */
export const REFRESH_MARGIN_MS = 2 * 60 * 1000;

export type SecondFactorMethod = "totp" | "email" | "sms" | "recovery";

/** The signed-in user as the apps see it. */
export interface BazaarUser {
  id: string;
  name: string;
  email: string;
  platformRole: PlatformRole;
  emailVerified: boolean;
}

/** The tokens identity.login / completeSecondFactor / refresh answer with, as stored in the cookie. */
export interface ApiTokens {
  accessToken: string;
  /** Epoch milliseconds. */
  accessExpiresAt: number;
  refreshToken: string;
  refreshExpiresAt: number;
  /** The API's session (user_sessions row): "this device" in the sessions list. */
  sessionId: string;
}

declare module "next-auth" {
  interface Session {
    user: BazaarUser & DefaultSession["user"];
    sessionId: string;
  }
  /** What authorize() returns, handed once to the jwt callback. */
  interface User {
    profile: BazaarUser;
    tokens: ApiTokens;
  }
}

declare module "next-auth/jwt" {
  interface JWT extends Partial<ApiTokens> {
    user?: BazaarUser;
    /**
     * Set when the API refused the refresh token (session revoked, reuse detected, account locked): the
     * cookie no longer signs anyone in and the tokens are dropped from it.
     */
    revoked?: boolean;
  }
}

export {};
