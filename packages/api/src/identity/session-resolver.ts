import type { Db } from "@bazaar/db";
import type { Redis } from "ioredis";
import type { Session, SessionResolver } from "../session";
import { verifyAccessToken } from "./access-token";
import { identityConfig, type IdentityConfig } from "./identity.config";
import { activeSessionRole } from "./sessions.service";

const BEARER = /^Bearer\s+([A-Za-z0-9._~+/=-]{20,4096})$/;

/**
 * The SessionResolver of the API: a valid `authorization: Bearer <access token>` whose session has not
 * been revoked, and belongs to the token's subject, becomes a Session with the platform role the database
 * holds now; anything else is anonymous (procedures that need a session then answer
 * UNAUTHORIZED). Revocation is looked up through a short Redis cache, so logout, reuse detection and an
 * operator's lock take effect on the next request rather than when the token expires.
 */
export function createSessionResolver(deps: { db: Db; redis: Redis; config?: IdentityConfig }): SessionResolver {
  return async (headers: Headers): Promise<Session | null> => {
    const match = BEARER.exec(headers.get("authorization")?.trim() ?? "");
    if (!match?.[1]) return null;
    const config = deps.config ?? identityConfig();
    const claims = await verifyAccessToken(config.jwtKeys, match[1]);
    if (!claims) return null;
    // The role is the database's: the token's `prole` is only what the role was when it was signed.
    const platformRole = await activeSessionRole(deps.db, deps.redis, claims.sessionId, claims.userId);
    if (platformRole === null) return null;
    return { userId: claims.userId, platformRole, sessionId: claims.sessionId };
  };
}
