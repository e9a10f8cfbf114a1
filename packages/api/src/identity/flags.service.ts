import { asPlatform, type Db, type Prisma } from "@bazaar/db";
import { enqueue } from "@bazaar/events";
import type { Logger } from "@bazaar/observability";
import type { Redis } from "ioredis";
import { DomainError, isUniqueViolation, NotFoundError } from "../errors";
import { identityKeys } from "./redis-keys";
import { markSessionsRevoked, revokeSessionsInTx } from "./sessions.service";

export type FlagSubjectType = "USER" | "ADDRESS" | "DEVICE";
export type FlagStatus = "OPEN" | "CLEARED" | "LOCKED";

export interface NewFlag {
  subjectType: FlagSubjectType;
  subjectValue: string;
  rule: string;
  evidence: Record<string, unknown>;
}

const openKeyOf = (flag: { subjectType: string; subjectValue: string; rule: string }) => `${flag.subjectType}:${flag.subjectValue}:${flag.rule}`;

/**
 * Records a flag and announces it (identity.identity.flagged) in one transaction. When the subject
 * already has an open flag for the rule, that flag's evidence is refreshed instead and nothing is
 * announced. Never throws: a failure to flag must not turn a refused sign-in into a 500.
 */
export async function raiseFlag(db: Db, flag: NewFlag, logger: Logger): Promise<string | null> {
  const evidence = flag.evidence as Prisma.InputJsonObject;
  try {
    return await asPlatform(db, async (tx) => {
      const created = await tx.identityFlag.create({
        data: { subjectType: flag.subjectType, subjectValue: flag.subjectValue, rule: flag.rule, evidence, openKey: openKeyOf(flag) },
      });
      await enqueue(tx, {
        type: "identity.identity.flagged",
        version: 1,
        tenantId: null,
        aggregateId: created.id,
        payload: { flagId: created.id, subjectType: flag.subjectType, subjectValue: flag.subjectValue, rule: flag.rule, evidence: flag.evidence },
      });
      logger.warn("identity flagged", { flagId: created.id, subjectType: flag.subjectType, rule: flag.rule });
      return created.id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      await asPlatform(db, (tx) => tx.identityFlag.update({ where: { openKey: openKeyOf(flag) }, data: { evidence } })).catch(() => undefined);
      return null;
    }
    logger.error("raising an identity flag failed", { rule: flag.rule, error });
    return null;
  }
}

const BLOCK_CACHE_SECONDS = 60;

/**
 * Whether an operator locked this address or device (a LOCKED flag on it). Cached in Redis for a minute;
 * decideFlag writes the cache directly so a lock applies at once.
 */
export async function isBlocked(db: Db, redis: Redis, subjects: { address: string | null; deviceId: string | null }): Promise<boolean> {
  const checks: [FlagSubjectType & ("ADDRESS" | "DEVICE"), string][] = [];
  if (subjects.address) checks.push(["ADDRESS", subjects.address]);
  if (subjects.deviceId) checks.push(["DEVICE", subjects.deviceId]);
  for (const [subjectType, subjectValue] of checks) {
    const key = identityKeys.blocked(subjectType, subjectValue);
    let cached = await redis.get(key);
    if (cached === null) {
      const locked = await asPlatform(db, (tx) => tx.identityFlag.count({ where: { subjectType, subjectValue, status: "LOCKED" } }));
      cached = locked > 0 ? "1" : "0";
      await redis.set(key, cached, "EX", BLOCK_CACHE_SECONDS);
    }
    if (cached === "1") return true;
  }
  return false;
}

export interface ListFlagsInput {
  status?: FlagStatus | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Newest first, keyset-paginated by id within creation time. Users named by a flag come with email and name. */
export async function listFlags(db: Db, input: ListFlagsInput) {
  const rows = await asPlatform(db, (tx) =>
    tx.identityFlag.findMany({
      where: input.status ? { status: input.status } : {},
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: input.limit + 1,
      ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    }),
  );
  const page = rows.slice(0, input.limit);
  const userIds = page.filter((f) => f.subjectType === "USER").map((f) => f.subjectValue);
  const users = userIds.length
    ? await asPlatform(db, (tx) => tx.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true, name: true, status: true } }))
    : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  return {
    items: page.map((f) => ({
      id: f.id,
      subjectType: f.subjectType as FlagSubjectType,
      subjectValue: f.subjectValue,
      subjectUser: f.subjectType === "USER" ? (byId.get(f.subjectValue) ?? null) : null,
      rule: f.rule,
      evidence: f.evidence as Record<string, unknown>,
      status: f.status as FlagStatus,
      decidedBy: f.decidedBy,
      decidedAt: f.decidedAt,
      decisionNote: f.decisionNote,
      createdAt: f.createdAt,
      updatedAt: f.updatedAt,
    })),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The accounts a flag is about: the user itself, or the accounts a device/address created. */
function accountsOf(flag: { subjectType: string; subjectValue: string; evidence: unknown }): string[] {
  if (flag.subjectType === "USER") return [flag.subjectValue];
  const ids = (flag.evidence as { userIds?: unknown }).userIds;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string" && UUID.test(id)) : [];
}

export interface DecideFlagInput {
  flagId: string;
  decision: "clear" | "lock";
  note: string;
  operatorId: string;
}

/**
 * An operator's decision on a flag, announced as identity.flag.decided in the same transaction (the
 * audit log appends every domain event). `lock` locks the accounts the flag is about, revokes all their
 * sessions and, for an address or device, refuses sign-in and sign-up from it; `clear` closes an open
 * flag, or lifts an earlier lock (unlocking the accounts it locked).
 */
export async function decideFlag(db: Db, redis: Redis, input: DecideFlagInput) {
  const result = await asPlatform(db, async (tx) => {
    // Row lock: two operators deciding the same flag at once are serialised, the second sees the first.
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM identity_flags WHERE id = ${input.flagId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw new NotFoundError("flag", { flagId: input.flagId });
    const flag = await tx.identityFlag.findUniqueOrThrow({ where: { id: input.flagId } });
    const allowed = flag.status === "OPEN" || (flag.status === "LOCKED" && input.decision === "clear");
    if (!allowed) throw new DomainError("CONFLICT", `flag is already ${flag.status.toLowerCase()}`);

    const accounts = accountsOf(flag);
    let lockedUserIds: string[] = [];
    let unlockedUserIds: string[] = [];
    let revokedSessions: string[] = [];
    if (input.decision === "lock" && accounts.length) {
      const active = await tx.user.findMany({ where: { id: { in: accounts }, status: "ACTIVE" }, select: { id: true } });
      lockedUserIds = active.map((u) => u.id);
      if (lockedUserIds.length) await tx.user.updateMany({ where: { id: { in: lockedUserIds } }, data: { status: "LOCKED" } });
      revokedSessions = (await revokeSessionsInTx(tx, { userIds: accounts }, "account-locked")).map((s) => s.sessionId);
    }
    if (input.decision === "clear" && flag.status === "LOCKED" && accounts.length) {
      const lockedNow = await tx.user.findMany({ where: { id: { in: accounts }, status: "LOCKED" }, select: { id: true } });
      unlockedUserIds = lockedNow.map((u) => u.id);
      if (unlockedUserIds.length) await tx.user.updateMany({ where: { id: { in: unlockedUserIds } }, data: { status: "ACTIVE" } });
    }

    const decided = await tx.identityFlag.update({
      where: { id: flag.id },
      data: { status: input.decision === "lock" ? "LOCKED" : "CLEARED", openKey: null, decidedBy: input.operatorId, decidedAt: new Date(), decisionNote: input.note },
    });
    await enqueue(tx, {
      type: "identity.flag.decided",
      version: 1,
      tenantId: null,
      aggregateId: flag.id,
      payload: {
        flagId: flag.id,
        decision: input.decision,
        note: input.note,
        decidedBy: input.operatorId,
        subjectType: flag.subjectType as FlagSubjectType,
        subjectValue: flag.subjectValue,
        lockedUserIds,
        unlockedUserIds,
      },
    });
    return { flag: decided, lockedUserIds, unlockedUserIds, revokedSessions };
  });

  // After commit: make the lock (or its lifting) visible at once instead of after the caches expire.
  await markSessionsRevoked(redis, result.revokedSessions);
  const { subjectType, subjectValue } = result.flag;
  if (subjectType === "ADDRESS" || subjectType === "DEVICE") {
    const key = identityKeys.blocked(subjectType, subjectValue);
    if (result.flag.status === "LOCKED") await redis.set(key, "1", "EX", BLOCK_CACHE_SECONDS);
    else await redis.del(key);
  }
  return {
    id: result.flag.id,
    status: result.flag.status as FlagStatus,
    decidedAt: result.flag.decidedAt,
    lockedUserIds: result.lockedUserIds,
    unlockedUserIds: result.unlockedUserIds,
    revokedSessions: result.revokedSessions.length,
  };
}
