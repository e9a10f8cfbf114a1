import { asPlatform, asUser, type Db, type Tx } from "@bazaar/db";
import { enqueue } from "@bazaar/events";
import type { Redis } from "ioredis";
import { DomainError } from "../errors";
import { PLATFORM_ROLES, type PlatformRole } from "../roles";
import { signAccessToken } from "./access-token";
import { IDENTITY_LIMITS, type IdentityConfig } from "./identity.config";
import { randomToken, tokenDigest } from "./identity.crypto";
import { identityKeys } from "./redis-keys";
import { enqueueLoginSucceeded } from "./security-events";

export type SecondFactorMethod = "totp" | "email" | "sms" | "recovery";
export type RevokeReason = "logout" | "revoked-by-user" | "refresh-token-reused" | "account-locked" | "password-reset" | "password-changed";

export interface ClientInfo {
  deviceId: string | null;
  ipAddress: string | null;
  userAgent: string | null;
}

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  platformRole: PlatformRole;
  emailVerified: boolean;
}

export interface AuthenticatedResult {
  status: "authenticated";
  accessToken: string;
  accessExpiresAt: Date;
  refreshToken: string;
  refreshExpiresAt: Date;
  sessionId: string;
  user: AuthenticatedUser;
}

interface UserRow {
  id: string;
  email: string;
  name: string;
  platformRole: PlatformRole;
  emailVerifiedAt: Date | null;
}

function publicUser(user: UserRow): AuthenticatedUser {
  return { id: user.id, email: user.email, name: user.name, platformRole: user.platformRole, emailVerified: user.emailVerifiedAt !== null };
}

function refreshExpiry(now: Date): Date {
  return new Date(now.getTime() + IDENTITY_LIMITS.refreshTokenSeconds * 1000);
}

/** What the resolver's cache holds for an active session: whose it is and the owner's platform role. */
interface ActiveSessionEntry {
  userId: string;
  platformRole: PlatformRole;
}

async function markSessionCache(redis: Redis, sessionId: string, active: ActiveSessionEntry | null): Promise<void> {
  // A revoked marker outlives every access token that could name the session; an active one is short so
  // a revocation or role change made elsewhere (another Redis, a manual UPDATE) is seen within seconds.
  const ttl = active ? IDENTITY_LIMITS.revocationCacheSeconds : IDENTITY_LIMITS.accessTokenSeconds + 60;
  await redis.set(identityKeys.session(sessionId), active ? JSON.stringify(active) : "0", "EX", ttl);
}

function cachedEntry(value: string | null): ActiveSessionEntry | "revoked" | null {
  if (value === null) return null;
  if (value === "0") return "revoked";
  try {
    const parsed = JSON.parse(value) as Partial<ActiveSessionEntry>;
    if (typeof parsed.userId === "string" && (PLATFORM_ROLES as readonly unknown[]).includes(parsed.platformRole)) {
      return { userId: parsed.userId, platformRole: parsed.platformRole as PlatformRole };
    }
  } catch {
    // An entry in an older format: ask the database.
  }
  return null;
}

/** Opens a session (one device's sign-in) with the first refresh token of a new family, announced for the audit log. */
export async function startSession(
  db: Db,
  redis: Redis,
  config: IdentityConfig,
  user: UserRow,
  client: ClientInfo,
  secondFactor: SecondFactorMethod | null,
  now: Date = new Date(),
): Promise<AuthenticatedResult> {
  const refreshToken = randomToken();
  const refreshExpiresAt = refreshExpiry(now);
  const session = await asUser(db, user.id, async (tx) => {
    const created = await tx.userSession.create({
      data: { userId: user.id, deviceId: client.deviceId, ipAddress: client.ipAddress, userAgent: client.userAgent, secondFactor, createdAt: now, lastSeenAt: now },
    });
    await tx.refreshToken.create({
      data: { tokenHash: tokenDigest(refreshToken), familyId: crypto.randomUUID(), sessionId: created.id, userId: user.id, expiresAt: refreshExpiresAt, createdAt: now },
    });
    await enqueueLoginSucceeded(tx, { userId: user.id, sessionId: created.id, secondFactor, client });
    return created;
  });
  await markSessionCache(redis, session.id, { userId: user.id, platformRole: user.platformRole });
  const access = await signAccessToken(config.jwtKeys, { userId: user.id, sessionId: session.id, platformRole: user.platformRole }, now);
  return {
    status: "authenticated",
    accessToken: access.token,
    accessExpiresAt: access.expiresAt,
    refreshToken,
    refreshExpiresAt,
    sessionId: session.id,
    user: publicUser(user),
  };
}

type RotateOutcome =
  | { kind: "rotated"; user: UserRow; sessionId: string; refreshToken: string; refreshExpiresAt: Date }
  | { kind: "reused"; familyId: string; sessionId: string; userId: string }
  | { kind: "invalid" };

const userFields = { id: true, email: true, name: true, platformRole: true, emailVerifiedAt: true, status: true, deletedAt: true } as const;

/**
 * Exchanges a refresh token for a new access token and the next refresh token of its family. A token
 * that was already exchanged means two parties hold the family (one of them stole it): the whole family
 * and its session are revoked, and the caller gets UNAUTHORIZED like any bad token.
 */
export async function rotateRefreshToken(
  db: Db,
  redis: Redis,
  config: IdentityConfig,
  presented: string,
  now: Date = new Date(),
): Promise<AuthenticatedResult> {
  // Platform context: the token is looked up by its hash before anyone knows whose it is (an asPlatform
  // escape listed in packages/db/README.md); every later statement is keyed by the row found.
  const outcome = await asPlatform(db, async (tx): Promise<RotateOutcome> => {
    const row = await tx.refreshToken.findUnique({
      where: { tokenHash: tokenDigest(presented) },
      include: { session: { select: { revokedAt: true } } },
    });
    if (!row || row.revokedAt || row.session.revokedAt) return { kind: "invalid" };
    if (row.usedAt) return { kind: "reused", familyId: row.familyId, sessionId: row.sessionId, userId: row.userId };
    if (row.expiresAt <= now) return { kind: "invalid" };
    // The conditional UPDATE is the arbiter between two presentations racing each other: the row lock
    // makes the second wait, re-check `used_at IS NULL`, and find it used.
    const claimed = await tx.refreshToken.updateMany({ where: { id: row.id, usedAt: null, revokedAt: null }, data: { usedAt: now } });
    if (claimed.count !== 1) return { kind: "reused", familyId: row.familyId, sessionId: row.sessionId, userId: row.userId };
    const user = await tx.user.findUnique({ where: { id: row.userId }, select: userFields });
    if (!user || user.status !== "ACTIVE" || user.deletedAt) return { kind: "invalid" };
    const refreshToken = randomToken();
    const refreshExpiresAt = refreshExpiry(now);
    await tx.refreshToken.create({
      data: { tokenHash: tokenDigest(refreshToken), familyId: row.familyId, sessionId: row.sessionId, userId: row.userId, expiresAt: refreshExpiresAt, createdAt: now },
    });
    await tx.userSession.update({ where: { id: row.sessionId }, data: { lastSeenAt: now } });
    return { kind: "rotated", user, sessionId: row.sessionId, refreshToken, refreshExpiresAt };
  });

  if (outcome.kind === "reused") {
    await revokeSession(db, redis, { sessionId: outcome.sessionId, userId: outcome.userId, reason: "refresh-token-reused" });
  }
  if (outcome.kind !== "rotated") throw new DomainError("UNAUTHORIZED", "refresh token is not valid");
  const access = await signAccessToken(config.jwtKeys, { userId: outcome.user.id, sessionId: outcome.sessionId, platformRole: outcome.user.platformRole }, now);
  return {
    status: "authenticated",
    accessToken: access.token,
    accessExpiresAt: access.expiresAt,
    refreshToken: outcome.refreshToken,
    refreshExpiresAt: outcome.refreshExpiresAt,
    sessionId: outcome.sessionId,
    user: publicUser(outcome.user),
  };
}

/**
 * Revokes sessions and every refresh token issued for them, inside the caller's transaction, and
 * announces each revocation. Returns the ids actually revoked (already-revoked ones are skipped);
 * the caller marks them revoked in Redis once the transaction has committed.
 */
export async function revokeSessionsInTx(
  tx: Tx,
  where: { userId: string; sessionId?: string; exceptSessionId?: string } | { userIds: string[] },
  reason: RevokeReason,
): Promise<{ sessionId: string; userId: string }[]> {
  const now = new Date();
  const filter =
    "userIds" in where
      ? { userId: { in: where.userIds } }
      : {
          userId: where.userId,
          ...(where.sessionId ? { id: where.sessionId } : where.exceptSessionId ? { id: { not: where.exceptSessionId } } : {}),
        };
  const sessions = await tx.userSession.findMany({ where: { ...filter, revokedAt: null }, select: { id: true, userId: true } });
  if (sessions.length === 0) return [];
  const ids = sessions.map((s) => s.id);
  await tx.userSession.updateMany({ where: { id: { in: ids }, revokedAt: null }, data: { revokedAt: now, revokedReason: reason } });
  await tx.refreshToken.updateMany({ where: { sessionId: { in: ids }, revokedAt: null }, data: { revokedAt: now } });
  for (const s of sessions) {
    await enqueue(tx, {
      type: "identity.session.revoked",
      version: 1,
      tenantId: null,
      aggregateId: s.userId,
      payload: { userId: s.userId, sessionId: s.id, reason },
    });
  }
  return sessions.map((s) => ({ sessionId: s.id, userId: s.userId }));
}

export async function markSessionsRevoked(redis: Redis, sessionIds: readonly string[]): Promise<void> {
  await Promise.all(sessionIds.map((id) => markSessionCache(redis, id, null)));
}

/** Revokes one session of `userId` (NOT_FOUND when it is not theirs or already ended). */
export async function revokeSession(db: Db, redis: Redis, input: { sessionId: string; userId: string; reason: RevokeReason }): Promise<void> {
  const revoked = await asUser(db, input.userId, (tx) => revokeSessionsInTx(tx, { userId: input.userId, sessionId: input.sessionId }, input.reason));
  if (revoked.length === 0 && input.reason !== "refresh-token-reused") {
    throw new DomainError("NOT_FOUND", "session not found");
  }
  await markSessionsRevoked(redis, revoked.map((r) => r.sessionId));
}

/**
 * The active sessions of a user, newest first: not revoked, and refreshed recently enough that their
 * refresh token can still be live (older ones have expired by themselves).
 */
export async function listActiveSessions(db: Db, userId: string) {
  const horizon = new Date(Date.now() - IDENTITY_LIMITS.refreshTokenSeconds * 1000);
  return asUser(db, userId, (tx) =>
    tx.userSession.findMany({
      where: { userId, revokedAt: null, lastSeenAt: { gt: horizon } },
      orderBy: { createdAt: "desc" },
      select: { id: true, deviceId: true, ipAddress: true, userAgent: true, secondFactor: true, createdAt: true, lastSeenAt: true },
    }),
  );
}

/**
 * The platform role of the user whose session `sessionId` is, when that session is active, belongs to
 * `userId` (the token's subject) and its user is active; null otherwise. The role comes from the
 * database (through a cache of at most IDENTITY_LIMITS.revocationCacheSeconds), never from the token,
 * so a leaked signing key cannot mint an operator, and a token naming someone else's session id is
 * refused without disturbing that session's cache entry. Redis first (set at sign-in, revocation, and
 * after each database answer), PostgreSQL on a miss.
 */
export async function activeSessionRole(db: Db, redis: Redis, sessionId: string, userId: string): Promise<PlatformRole | null> {
  const cached = cachedEntry(await redis.get(identityKeys.session(sessionId)));
  if (cached === "revoked") return null;
  if (cached) return cached.userId === userId ? cached.platformRole : null;
  // Platform context (a listed asPlatform escape): the session is read whoever owns it, so that a token
  // naming another user's session is refused without marking that session revoked in the cache.
  const session = await asPlatform(db, (tx) => tx.userSession.findUnique({ where: { id: sessionId }, select: { userId: true, revokedAt: true } }));
  if (!session || session.revokedAt !== null) {
    await markSessionCache(redis, sessionId, null);
    return null;
  }
  // The session's owner's own row (the session may name someone other than the token's subject).
  const owner = await asUser(db, session.userId, (tx) => tx.user.findUnique({ where: { id: session.userId }, select: { platformRole: true, status: true, deletedAt: true } }));
  const active = owner !== null && owner.status === "ACTIVE" && owner.deletedAt === null;
  await markSessionCache(redis, sessionId, active ? { userId: session.userId, platformRole: owner.platformRole } : null);
  return active && session.userId === userId ? owner.platformRole : null;
}

/**
 * Deletes up to `limit` refresh tokens that expired before `now` (used ones included: past expiry a
 * replay is refused as invalid anyway, so reuse detection loses nothing). For a periodic job; returns
 * how many went, so the job can loop until 0.
 */
export async function purgeExpiredRefreshTokens(db: Db, now: Date, limit = 5_000): Promise<number> {
  // A worker path across every user: platform context.
  return asPlatform(db, (tx) => tx.$executeRaw`
    DELETE FROM refresh_tokens WHERE id IN (
      SELECT id FROM refresh_tokens WHERE expires_at < ${now} ORDER BY expires_at LIMIT ${limit}
    )`);
}
