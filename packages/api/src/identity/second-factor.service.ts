import { asUser, type Db, type Tx } from "@bazaar/db";
import { DomainError } from "../errors";
import { IDENTITY_LIMITS } from "./identity.config";
import { codeDigest, decryptSecret, encryptSecret, normalizeRecoveryCode, recoveryCode } from "./identity.crypto";
import type { IdentityDeps } from "./identity.deps";
import { checkCode, countWrongAttempt, issueCode } from "./one-time-code";
import { identityKeys } from "./redis-keys";
import { enqueueSecondFactorChanged } from "./security-events";
import type { SecondFactorMethod } from "./sessions.service";
import { checkTotp, newTotpSecret, totpProvisioning } from "./totp";

const RECOVERY_PURPOSE = "recovery-code";
const SMS_ENROLLMENT_PURPOSE = "sms-enrollment";

/** `+44******0123`: enough to recognise one's own number, not enough to learn someone else's. */
export function maskPhone(phone: string): string {
  return phone.length <= 6 ? "******" : `${phone.slice(0, 3)}${"*".repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/** `a***@example.com` */
export function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 1)}***@${domain}`;
}

/** The second factors a user must choose from after a correct password; empty = none configured. */
export async function enabledMethods(db: Db, userId: string): Promise<SecondFactorMethod[]> {
  // The caller's own rows only (asUser): the WHERE below is no longer what keeps other users' factors out.
  const [row, recoveryLeft] = await asUser(db, userId, async (tx) => [
    await tx.userSecondFactor.findUnique({ where: { userId } }),
    await tx.recoveryCode.count({ where: { userId, usedAt: null } }),
  ] as const);
  if (!row) return [];
  const methods: SecondFactorMethod[] = [];
  if (row.totpEnabledAt) methods.push("totp");
  if (row.emailEnabledAt) methods.push("email");
  if (row.smsEnabledAt && row.smsPhone) methods.push("sms");
  if (row.totpEnabledAt && recoveryLeft > 0) methods.push("recovery");
  return methods;
}

/** Accepts a TOTP code once: the step is recorded with a conditional update, so a concurrent replay loses. */
export async function verifyTotpCode(deps: IdentityDeps, userId: string, code: string): Promise<boolean> {
  const row = await asUser(deps.db, userId, (tx) => tx.userSecondFactor.findUnique({ where: { userId } }));
  if (!row?.totpEnabledAt || !row.totpSecret) return false;
  const secret = decryptSecret(deps.config.twoFactorKey, row.totpSecret, userId);
  const step = await checkTotp(secret, code, row.totpLastStep);
  if (step === null) return false;
  const claimed = await asUser(deps.db, userId, (tx) =>
    tx.userSecondFactor.updateMany({
      where: { userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    }),
  );
  return claimed.count === 1;
}

/** Spends one recovery code (single use: the conditional update lets exactly one caller have it). */
export async function useRecoveryCode(deps: IdentityDeps, userId: string, code: string): Promise<boolean> {
  const codeHash = codeDigest(deps.config.twoFactorKey, RECOVERY_PURPOSE, normalizeRecoveryCode(code));
  const spent = await asUser(deps.db, userId, (tx) => tx.recoveryCode.updateMany({ where: { userId, codeHash, usedAt: null }, data: { usedAt: new Date() } }));
  return spent.count === 1;
}

export async function beginTotpEnrollment(deps: IdentityDeps, user: { id: string; email: string }) {
  const existing = await asUser(deps.db, user.id, (tx) => tx.userSecondFactor.findUnique({ where: { userId: user.id }, select: { totpEnabledAt: true } }));
  if (existing?.totpEnabledAt) throw new DomainError("CONFLICT", "an authenticator app is already enrolled; disable it first");
  const secret = newTotpSecret();
  const key = identityKeys.totpEnrollment(user.id);
  // The pending secret is sealed in Redis too: Redis dumps are as much "at rest" as the database.
  await deps.redis
    .multi()
    .del(key)
    .hset(key, { secret: encryptSecret(deps.config.twoFactorKey, secret, `pending:${user.id}`), attempts: "0" })
    .expire(key, IDENTITY_LIMITS.totpEnrollmentSeconds)
    .exec();
  const { otpauthUrl, qrCodeDataUrl } = await totpProvisioning(secret, user.email);
  return { otpauthUrl, qrCodeDataUrl, secret, expiresAt: new Date(Date.now() + IDENTITY_LIMITS.totpEnrollmentSeconds * 1000) };
}

/** Confirms the pending secret with a code from the app; returns the recovery codes (shown only now). */
export async function confirmTotpEnrollment(deps: IdentityDeps, userId: string, code: string): Promise<{ recoveryCodes: string[] }> {
  const key = identityKeys.totpEnrollment(userId);
  const sealed = await deps.redis.hget(key, "secret");
  if (!sealed) throw new DomainError("PRECONDITION_FAILED", "no enrolment in progress; start again");
  const secret = decryptSecret(deps.config.twoFactorKey, sealed, `pending:${userId}`);
  const step = await checkTotp(secret, code, null);
  if (step === null) {
    await countWrongAttempt(deps.redis, key, IDENTITY_LIMITS.maxCodeAttempts, IDENTITY_LIMITS.totpEnrollmentSeconds);
    throw new DomainError("BAD_REQUEST", "the code is wrong or has expired");
  }
  // Exactly one confirmation wins if two race: the pending secret is consumed before anything is written.
  if ((await deps.redis.del(key)) !== 1) throw new DomainError("PRECONDITION_FAILED", "no enrolment in progress; start again");
  const now = new Date();
  const totpSecret = encryptSecret(deps.config.twoFactorKey, secret, userId);
  return asUser(deps.db, userId, async (tx) => {
    await tx.userSecondFactor.upsert({
      where: { userId },
      create: { userId, totpSecret, totpEnabledAt: now, totpLastStep: step },
      update: { totpSecret, totpEnabledAt: now, totpLastStep: step },
    });
    await enqueueSecondFactorChanged(tx, userId, "totp", "enabled");
    return { recoveryCodes: await replaceRecoveryCodes(tx, deps, userId, now) };
  });
}

/** A fresh set of recovery codes in place of every earlier one, used or not; returns them in clear (shown once). */
async function replaceRecoveryCodes(tx: Tx, deps: IdentityDeps, userId: string, now: Date): Promise<string[]> {
  const recoveryCodes = Array.from({ length: IDENTITY_LIMITS.recoveryCodeCount }, recoveryCode);
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({
    data: recoveryCodes.map((c) => ({ userId, codeHash: codeDigest(deps.config.twoFactorKey, RECOVERY_PURPOSE, c), createdAt: now })),
  });
  return recoveryCodes;
}

/**
 * A new set of recovery codes for a user with an authenticator app. Needs a current TOTP code, never a
 * recovery code: a stolen session (or a stolen code sheet) alone must not be able to mint fresh codes.
 */
export async function regenerateRecoveryCodes(deps: IdentityDeps, userId: string, code: string): Promise<{ recoveryCodes: string[] }> {
  const row = await asUser(deps.db, userId, (tx) => tx.userSecondFactor.findUnique({ where: { userId }, select: { totpEnabledAt: true } }));
  if (!row?.totpEnabledAt) throw new DomainError("PRECONDITION_FAILED", "recovery codes come with an authenticator app; turn one on first");
  if (!(await verifyTotpCode(deps, userId, code))) throw new DomainError("BAD_REQUEST", "the code is wrong or has expired");
  const now = new Date();
  return asUser(deps.db, userId, async (tx) => {
    // Locks the row that enrolment and disabling also write, re-checking TOTP is still on: two
    // regenerations cannot leave both sets behind, nor one racing a disable leave codes without TOTP.
    const locked = await tx.userSecondFactor.updateMany({ where: { userId, totpEnabledAt: { not: null } }, data: { updatedAt: now } });
    if (locked.count !== 1) throw new DomainError("PRECONDITION_FAILED", "recovery codes come with an authenticator app; turn one on first");
    await enqueueSecondFactorChanged(tx, userId, "recovery-codes", "regenerated");
    return { recoveryCodes: await replaceRecoveryCodes(tx, deps, userId, now) };
  });
}

/** Needs a current TOTP code or a recovery code, so a stolen access token alone cannot strip 2FA. */
export async function disableTotp(deps: IdentityDeps, userId: string, code: string): Promise<void> {
  const ok = (await verifyTotpCode(deps, userId, code)) || (await useRecoveryCode(deps, userId, code));
  if (!ok) throw new DomainError("BAD_REQUEST", "the code is wrong or has expired");
  await asUser(deps.db, userId, async (tx) => {
    await tx.userSecondFactor.update({ where: { userId }, data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null } });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await enqueueSecondFactorChanged(tx, userId, "totp", "disabled");
  });
}

export async function setEmailSecondFactor(deps: IdentityDeps, userId: string, enabled: boolean): Promise<void> {
  if (enabled) {
    const user = await asUser(deps.db, userId, (tx) => tx.user.findUniqueOrThrow({ where: { id: userId }, select: { emailVerifiedAt: true } }));
    if (!user.emailVerifiedAt) throw new DomainError("PRECONDITION_FAILED", "verify your email address first");
  }
  const emailEnabledAt = enabled ? new Date() : null;
  await asUser(deps.db, userId, async (tx) => {
    const before = await tx.userSecondFactor.findUnique({ where: { userId }, select: { emailEnabledAt: true } });
    await tx.userSecondFactor.upsert({ where: { userId }, create: { userId, emailEnabledAt }, update: { emailEnabledAt } });
    // Repeating the current setting is not a change worth an audit entry.
    if (Boolean(before?.emailEnabledAt) !== enabled) await enqueueSecondFactorChanged(tx, userId, "email", enabled ? "enabled" : "disabled");
  });
}

/** Sends a code to `phone`; the number becomes a second factor once confirmSmsSecondFactor gets the code. */
export async function beginSmsEnrollment(deps: IdentityDeps, userId: string, phone: string) {
  const { code, issueId } = await issueCode(deps.redis, deps.config.twoFactorKey, {
    key: identityKeys.smsEnrollment(userId),
    purpose: SMS_ENROLLMENT_PURPOSE,
    ttlSeconds: IDENTITY_LIMITS.codeSeconds,
    fields: { phone },
  });
  await deps.notifier.secondFactorCode({ channel: "SMS", to: phone, code, expiresInMinutes: IDENTITY_LIMITS.codeSeconds / 60, purpose: "sms-enrollment", subjectId: userId, issueId });
  return { sentTo: maskPhone(phone), expiresAt: new Date(Date.now() + IDENTITY_LIMITS.codeSeconds * 1000) };
}

export async function confirmSmsEnrollment(deps: IdentityDeps, userId: string, code: string): Promise<{ phone: string }> {
  const key = identityKeys.smsEnrollment(userId);
  const phone = await deps.redis.hget(key, "phone");
  if (!phone) throw new DomainError("PRECONDITION_FAILED", "no phone confirmation in progress; start again");
  const outcome = await checkCode(deps.redis, deps.config.twoFactorKey, { key, purpose: SMS_ENROLLMENT_PURPOSE, code, maxAttempts: IDENTITY_LIMITS.maxCodeAttempts });
  if (outcome !== "ok") throw new DomainError("BAD_REQUEST", "the code is wrong or has expired");
  const smsEnabledAt = new Date();
  await asUser(deps.db, userId, async (tx) => {
    await tx.userSecondFactor.upsert({ where: { userId }, create: { userId, smsPhone: phone, smsEnabledAt }, update: { smsPhone: phone, smsEnabledAt } });
    await enqueueSecondFactorChanged(tx, userId, "sms", "enabled");
  });
  return { phone: maskPhone(phone) };
}

export async function disableSms(deps: IdentityDeps, userId: string): Promise<void> {
  await asUser(deps.db, userId, async (tx) => {
    // Only a factor that was on is announced as turned off.
    const changed = await tx.userSecondFactor.updateMany({ where: { userId, smsEnabledAt: { not: null } }, data: { smsPhone: null, smsEnabledAt: null } });
    if (changed.count > 0) await enqueueSecondFactorChanged(tx, userId, "sms", "disabled");
  });
}

export async function securityOverview(deps: IdentityDeps, userId: string) {
  const [user, row, recoveryCodesLeft] = await asUser(deps.db, userId, async (tx) => [
    await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, emailVerifiedAt: true } }),
    await tx.userSecondFactor.findUnique({ where: { userId } }),
    await tx.recoveryCode.count({ where: { userId, usedAt: null } }),
  ] as const);
  return {
    email: user.email,
    emailVerified: user.emailVerifiedAt !== null,
    totp: { enabled: Boolean(row?.totpEnabledAt), enabledAt: row?.totpEnabledAt ?? null },
    emailCode: { enabled: Boolean(row?.emailEnabledAt) },
    sms: { enabled: Boolean(row?.smsEnabledAt && row.smsPhone), phone: row?.smsPhone ? maskPhone(row.smsPhone) : null },
    recoveryCodesLeft: row?.totpEnabledAt ? recoveryCodesLeft : 0,
  };
}
