import { jwtVerify, SignJWT, errors as joseErrors, type JWTHeaderParameters } from "jose";
import { PLATFORM_ROLES, type PlatformRole } from "../roles";
import { IDENTITY_LIMITS } from "./identity.config";
import type { JwtKeyring } from "./jwt-keys";

const ISSUER = "bazaar";
const AUDIENCE = "bazaar-api";
const ALGORITHM = "HS256";

export interface AccessClaims {
  userId: string;
  sessionId: string;
  platformRole: PlatformRole;
}

/**
 * A 15-minute HS256 JWT signed with the keyring's current key (`kid` in the header): sub = user,
 * sid = session (checked for revocation), prole = platform role (informational: the API takes the role
 * from the database, session-resolver.ts).
 */
export async function signAccessToken(keys: JwtKeyring, claims: AccessClaims, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = new Date((issuedAt + IDENTITY_LIMITS.accessTokenSeconds) * 1000);
  const token = await new SignJWT({ sid: claims.sessionId, prole: claims.platformRole })
    .setProtectedHeader({ alg: ALGORITHM, typ: "JWT", kid: keys.current.kid })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(keys.current.key);
  return { token, expiresAt };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The claims of a valid token, or null for anything else (expired, forged, malformed, wrong audience,
 * no `kid` or one naming no key of the ring).
 */
export async function verifyAccessToken(keys: JwtKeyring, token: string): Promise<AccessClaims | null> {
  const keyFor = (header: JWTHeaderParameters) => {
    const match = [keys.current, ...keys.previous].find((k) => k.kid === header.kid);
    if (!match) throw new joseErrors.JWKSNoMatchingKey();
    return match.key;
  };
  try {
    const { payload } = await jwtVerify(token, keyFor, { issuer: ISSUER, audience: AUDIENCE, algorithms: [ALGORITHM] });
    const { sub, sid, prole } = payload;
    if (typeof sub !== "string" || !UUID.test(sub) || typeof sid !== "string" || !UUID.test(sid)) return null;
    if (typeof prole !== "string" || !(PLATFORM_ROLES as readonly string[]).includes(prole)) return null;
    return { userId: sub, sessionId: sid, platformRole: prole as PlatformRole };
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) return null;
    throw error;
  }
}
