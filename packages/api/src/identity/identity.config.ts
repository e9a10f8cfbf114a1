import { apiEnv } from "../env";
import { jwtKeyring, type JwtKeyring } from "./jwt-keys";

/** Everything the identity domain reads from the environment, decoded once. */
export interface IdentityConfig {
  /** HS256 keys of access tokens: JWT_SECRET signs, it and JWT_PREVIOUS_SECRET verify. */
  jwtKeys: JwtKeyring;
  /** AES-256-GCM key of TOTP secrets and HMAC key of one-time codes (TWO_FACTOR_ENCRYPTION_KEY). */
  twoFactorKey: Buffer;
  /** Where verification links point (the storefront). */
  webOrigin: string;
}

let cached: IdentityConfig | undefined;

export function identityConfig(): IdentityConfig {
  if (cached) return cached;
  const env = apiEnv();
  cached = {
    jwtKeys: jwtKeyring(env.JWT_SECRET, env.JWT_PREVIOUS_SECRET),
    twoFactorKey: Buffer.from(env.TWO_FACTOR_ENCRYPTION_KEY, "base64"),
    webOrigin: env.WEB_ORIGIN,
  };
  return cached;
}

/** Lifetimes and limits of the identity domain, in one place so the security review reads one file. */
export const IDENTITY_LIMITS = {
  accessTokenSeconds: 15 * 60,
  refreshTokenSeconds: 30 * 24 * 60 * 60,
  /** How long a session's "not revoked" answer may be served from Redis before PostgreSQL is asked again. */
  revocationCacheSeconds: 30,
  emailVerificationSeconds: 24 * 60 * 60,
  /** Second-factor challenge after a correct password, and the email/SMS codes sent for it. */
  challengeSeconds: 5 * 60,
  codeSeconds: 5 * 60,
  /** Wrong codes tolerated per challenge or per code before it is thrown away. */
  maxCodeAttempts: 5,
  totpEnrollmentSeconds: 10 * 60,
  recoveryCodeCount: 10,
  /** A password reset link works once, within this time. */
  passwordResetSeconds: 60 * 60,
} as const;
