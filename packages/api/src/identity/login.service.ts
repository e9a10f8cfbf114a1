import { asPlatform, asUser } from "@bazaar/db";
import { randomUUID } from "node:crypto";
import { DomainError } from "../errors";
import { failedLoginRule, failedSecondFactorRule } from "./flag-rules";
import { isBlocked, raiseFlag } from "./flags.service";
import { IDENTITY_LIMITS } from "./identity.config";
import type { IdentityDeps } from "./identity.deps";
import { checkCode, countWrongAttempt, issueCode } from "./one-time-code";
import { burnVerification, hashPassword, needsRehash, verifyPassword } from "./password";
import { identityKeys } from "./redis-keys";
import { recordLoginFailed } from "./security-events";
import { enabledMethods, maskEmail, maskPhone, useRecoveryCode, verifyTotpCode } from "./second-factor.service";
import { startSession, type AuthenticatedResult, type ClientInfo, type SecondFactorMethod } from "./sessions.service";

export interface SecondFactorRequired {
  status: "second-factor-required";
  challengeId: string;
  methods: SecondFactorMethod[];
  expiresAt: Date;
}

const BAD_CREDENTIALS = "invalid email or password";
const BAD_CODE = "the code is wrong or has expired";
const CHALLENGE_GONE = "this sign-in has expired; sign in again";

const userFields = { id: true, email: true, name: true, passwordHash: true, platformRole: true, emailVerifiedAt: true, status: true, deletedAt: true } as const;

async function loginFailed(
  deps: IdentityDeps,
  client: ClientInfo,
  failure: { email: string; userId: string | null; reason: "bad-password" | "unknown-email" },
): Promise<never> {
  const { email } = failure;
  await recordLoginFailed(deps.db, { ...failure, client });
  if (client.ipAddress) {
    const flag = await failedLoginRule(deps.redis, client.ipAddress, email);
    if (flag) await raiseFlag(deps.db, flag, deps.logger);
  }
  throw new DomainError("UNAUTHORIZED", BAD_CREDENTIALS);
}

/**
 * Checks the password (same answer and about the same time whether or not the account exists). With a
 * second factor configured, the session is not opened yet: a challenge is, for completeSecondFactor.
 */
export async function login(
  deps: IdentityDeps,
  input: { email: string; password: string },
  client: ClientInfo,
): Promise<AuthenticatedResult | SecondFactorRequired> {
  if (await isBlocked(deps.db, deps.redis, { address: client.ipAddress, deviceId: client.deviceId })) {
    throw new DomainError("FORBIDDEN", "sign-in is not available from this device or network");
  }
  // Platform escape: nobody is known until the address names an account (packages/db/README.md).
  const user = await asPlatform(deps.db, (tx) => tx.user.findUnique({ where: { email: input.email }, select: userFields }));
  if (!user || user.deletedAt || user.status === "DELETED") {
    await burnVerification(input.password);
    return loginFailed(deps, client, { email: input.email, userId: null, reason: "unknown-email" });
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    return loginFailed(deps, client, { email: input.email, userId: user.id, reason: "bad-password" });
  }
  // Only someone who knows the password learns that the account is locked.
  if (user.status === "LOCKED") {
    await recordLoginFailed(deps.db, { email: input.email, userId: user.id, reason: "locked", client });
    throw new DomainError("FORBIDDEN", "this account is locked; contact support");
  }
  if (needsRehash(user.passwordHash)) {
    const passwordHash = await hashPassword(input.password);
    await asUser(deps.db, user.id, (tx) => tx.user.update({ where: { id: user.id }, data: { passwordHash } }));
  }

  const methods = await enabledMethods(deps.db, user.id);
  if (methods.length === 0) return startSession(deps.db, deps.redis, deps.config, user, client, null, deps.clock());

  const challengeId = randomUUID();
  const key = identityKeys.challenge(challengeId);
  await deps.redis
    .multi()
    .hset(key, {
      userId: user.id,
      deviceId: client.deviceId ?? "",
      methods: methods.join(","),
      attempts: "0",
    })
    .expire(key, IDENTITY_LIMITS.challengeSeconds)
    .exec();
  return { status: "second-factor-required", challengeId, methods, expiresAt: new Date(Date.now() + IDENTITY_LIMITS.challengeSeconds * 1000) };
}

interface Challenge {
  userId: string;
  deviceId: string | null;
  methods: SecondFactorMethod[];
}

async function loadChallenge(deps: IdentityDeps, challengeId: string): Promise<Challenge> {
  const raw = await deps.redis.hgetall(identityKeys.challenge(challengeId));
  if (!raw.userId || !raw.methods) throw new DomainError("UNAUTHORIZED", CHALLENGE_GONE);
  return { userId: raw.userId, deviceId: raw.deviceId || null, methods: raw.methods.split(",") as SecondFactorMethod[] };
}

/** Sends the code for an email or SMS second factor of a pending sign-in. */
export async function sendSecondFactorCode(deps: IdentityDeps, input: { challengeId: string; method: "email" | "sms" }) {
  const challenge = await loadChallenge(deps, input.challengeId);
  if (!challenge.methods.includes(input.method)) throw new DomainError("BAD_REQUEST", `${input.method} is not a second factor of this account`);
  const user = await asUser(deps.db, challenge.userId, (tx) => tx.user.findUniqueOrThrow({ where: { id: challenge.userId }, select: { email: true } }));
  const factor = await asUser(deps.db, challenge.userId, (tx) => tx.userSecondFactor.findUnique({ where: { userId: challenge.userId }, select: { smsPhone: true } }));
  const to = input.method === "email" ? user.email : factor?.smsPhone;
  if (!to) throw new DomainError("BAD_REQUEST", `${input.method} is not a second factor of this account`);
  const { code, issueId } = await issueCode(deps.redis, deps.config.twoFactorKey, {
    key: identityKeys.challengeCode(input.challengeId, input.method),
    purpose: `2fa-${input.method}`,
    ttlSeconds: IDENTITY_LIMITS.codeSeconds,
  });
  await deps.notifier.secondFactorCode({
    channel: input.method === "email" ? "EMAIL" : "SMS",
    to,
    code,
    expiresInMinutes: IDENTITY_LIMITS.codeSeconds / 60,
    purpose: "2fa",
    subjectId: input.challengeId,
    issueId,
  });
  return {
    method: input.method,
    sentTo: input.method === "email" ? maskEmail(to) : maskPhone(to),
    expiresAt: new Date(Date.now() + IDENTITY_LIMITS.codeSeconds * 1000),
  };
}

async function checkFactor(deps: IdentityDeps, challengeId: string, userId: string, method: SecondFactorMethod, code: string): Promise<boolean> {
  switch (method) {
    case "totp":
      return verifyTotpCode(deps, userId, code);
    case "recovery":
      return useRecoveryCode(deps, userId, code);
    case "email":
    case "sms": {
      const outcome = await checkCode(deps.redis, deps.config.twoFactorKey, {
        key: identityKeys.challengeCode(challengeId, method),
        purpose: `2fa-${method}`,
        code,
        maxAttempts: IDENTITY_LIMITS.maxCodeAttempts,
      });
      return outcome === "ok";
    }
  }
}

/** Completes a pending sign-in with a second factor; the challenge is single use and allows 5 wrong codes. */
export async function completeSecondFactor(
  deps: IdentityDeps,
  input: { challengeId: string; method: SecondFactorMethod; code: string },
  client: ClientInfo,
): Promise<AuthenticatedResult> {
  const challenge = await loadChallenge(deps, input.challengeId);
  if (!challenge.methods.includes(input.method)) throw new DomainError("BAD_REQUEST", `${input.method} is not a second factor of this account`);
  const key = identityKeys.challenge(input.challengeId);

  if (!(await checkFactor(deps, input.challengeId, challenge.userId, input.method, input.code))) {
    await countWrongAttempt(deps.redis, key, IDENTITY_LIMITS.maxCodeAttempts, IDENTITY_LIMITS.challengeSeconds);
    const flag = await failedSecondFactorRule(deps.redis, challenge.userId, client.ipAddress);
    if (flag) await raiseFlag(deps.db, flag, deps.logger);
    const owner = await asUser(deps.db, challenge.userId, (tx) => tx.user.findUnique({ where: { id: challenge.userId }, select: { email: true } }));
    if (owner) await recordLoginFailed(deps.db, { email: owner.email, userId: challenge.userId, reason: "bad-second-factor", client });
    throw new DomainError("UNAUTHORIZED", BAD_CODE);
  }
  // Whoever deletes the challenge completes the sign-in; a second completion in flight gets nothing.
  if ((await deps.redis.del(key)) !== 1) throw new DomainError("UNAUTHORIZED", CHALLENGE_GONE);
  const user = await asUser(deps.db, challenge.userId, (tx) => tx.user.findUnique({ where: { id: challenge.userId }, select: userFields }));
  if (!user || user.status !== "ACTIVE" || user.deletedAt) {
    if (user) await recordLoginFailed(deps.db, { email: user.email, userId: user.id, reason: "locked", client });
    throw new DomainError("FORBIDDEN", "this account is locked; contact support");
  }
  return startSession(deps.db, deps.redis, deps.config, user, { ...client, deviceId: challenge.deviceId ?? client.deviceId }, input.method, deps.clock());
}
