import type { Db } from "@bazaar/db";
import type { Redis } from "ioredis";
import type { Session, SessionResolver } from "../session";
import { verifyAccessToken } from "./access-token";
import { identityConfig, type IdentityConfig } from "./identity.config";
import { isSessionActive } from "./sessions.service";

const BEARER = /^Bearer\s+([A-Za-z0-9._~+/=-]{20,4096})$/;

/**
 * The SessionResolver of the API: a valid `authorization: Bearer <access token>` whose session has not
 * been revoked becomes a Session; anything else is anonymous (procedures that need a session then answer
 * UNAUTHORIZED). Revocation is looked up through a short Redis cache, so logout, reuse detection and an
 * operator's lock take effect on the next request rather than when the token expires.
 */
export function createSessionResolver(deps: { db: Db; redis: Redis; config?: IdentityConfig }): SessionResolver {
  return async (headers: Headers): Promise<Session | null> => {
    const match = BEARER.exec(headers.get("authorization")?.trim() ?? "");
    if (!match?.[1]) return null;
    const config = deps.config ?? identityConfig();
    const claims = await verifyAccessToken(config.jwtKey, match[1]);
    if (!claims) return null;
    if (!(await isSessionActive(deps.db, deps.redis, claims.sessionId, claims.userId))) return null;
    return { userId: claims.userId, platformRole: claims.platformRole, sessionId: claims.sessionId };
  };
}
