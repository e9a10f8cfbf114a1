import { randomUUID } from "node:crypto";
import { asPlatform, asUser } from "@bazaar/db";
import { enqueue } from "@bazaar/events";
import { DomainError, isUniqueViolation } from "../errors";
import { signupRules } from "./flag-rules";
import { isBlocked, raiseFlag } from "./flags.service";
import { IDENTITY_LIMITS } from "./identity.config";
import { randomToken, tokenDigest } from "./identity.crypto";
import type { IdentityDeps } from "./identity.deps";
import { checkCode, issueCode } from "./one-time-code";
import { hashPassword } from "./password";
import { identityKeys } from "./redis-keys";
import type { ClientInfo } from "./sessions.service";

const VERIFY_PURPOSE = "email-verification";

export interface RegisterInput {
  email: string;
  password: string;
  name: string;
}

/**
 * Creates the account and announces it (identity.user.registered, in the same transaction), then sends
 * the verification email. A taken email answers CONFLICT: sign-up cannot hide whether an address has an
 * account (the unique constraint would tell anyway), so the rate limit on registration is what keeps
 * that from being used to enumerate.
 */
export async function registerUser(deps: IdentityDeps, input: RegisterInput, client: ClientInfo): Promise<{ userId: string }> {
  if (await isBlocked(deps.db, deps.redis, { address: client.ipAddress, deviceId: client.deviceId })) {
    throw new DomainError("FORBIDDEN", "sign-up is not available from this device or network");
  }
  const passwordHash = await hashPassword(input.password);
  let userId: string;
  try {
    // The account is created in its own user context: its id is chosen first, so the row is its own.
    const id = randomUUID();
    userId = await asUser(deps.db, id, async (tx) => {
      const user = await tx.user.create({ data: { id, email: input.email, name: input.name, passwordHash }, select: { id: true } });
      await enqueue(tx, {
        type: "identity.user.registered",
        version: 1,
        tenantId: null,
        aggregateId: user.id,
        payload: { userId: user.id, email: input.email, name: input.name },
      });
      return user.id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("CONFLICT", "an account with this email already exists; sign in or reset its password");
    throw error;
  }

  for (const flag of await signupRules(deps.redis, userId, client.ipAddress, client.deviceId)) {
    await raiseFlag(deps.db, flag, deps.logger);
  }
  await sendVerification(deps, { id: userId, email: input.email, name: input.name }).catch((error: unknown) => {
    // The account exists either way; the user can ask for another email (resendVerification).
    deps.logger.warn("verification email not sent", { userId, error });
  });
  return { userId };
}

async function sendVerification(deps: IdentityDeps, user: { id: string; email: string; name: string }): Promise<void> {
  const linkToken = randomToken();
  const { code, issueId } = await issueCode(deps.redis, deps.config.twoFactorKey, {
    key: identityKeys.emailVerification(user.id),
    purpose: VERIFY_PURPOSE,
    ttlSeconds: IDENTITY_LIMITS.emailVerificationSeconds,
    linkDigest: tokenDigest(linkToken),
  });
  const url = new URL("/verify-email", deps.config.webOrigin);
  url.searchParams.set("email", user.email);
  url.searchParams.set("token", linkToken);
  await deps.notifier.emailVerification({
    userId: user.id,
    email: user.email,
    name: user.name,
    verificationUrl: url.toString(),
    code,
    issueId,
    expiresInMinutes: IDENTITY_LIMITS.emailVerificationSeconds / 60,
  });
}

/**
 * Sends a fresh code and link (the previous ones stop working). Answers the same whether or not the
 * address has an unverified account, so it cannot be used to probe for accounts.
 */
export async function resendVerification(deps: IdentityDeps, email: string): Promise<void> {
  // Platform escape: the address is all the caller gives (packages/db/README.md).
  const user = await asPlatform(deps.db, (tx) =>
    tx.user.findUnique({ where: { email }, select: { id: true, email: true, name: true, emailVerifiedAt: true, status: true, deletedAt: true } }),
  );
  if (!user || user.emailVerifiedAt || user.deletedAt || user.status !== "ACTIVE") return;
  await sendVerification(deps, user);
}

export type VerifyEmailInput = { email: string; code: string } | { email: string; token: string };

/** Marks the email verified when the code (or the link's token) matches; single use, 5 attempts. */
export async function verifyEmail(deps: IdentityDeps, input: VerifyEmailInput): Promise<{ verified: true }> {
  // Platform escape: the address is all the caller gives (packages/db/README.md).
  const user = await asPlatform(deps.db, (tx) => tx.user.findUnique({ where: { email: input.email }, select: { id: true, emailVerifiedAt: true, deletedAt: true } }));
  const refusal = new DomainError("BAD_REQUEST", "the code is wrong or has expired");
  // An unknown address answers exactly like a wrong code.
  if (!user || user.deletedAt) throw refusal;
  if (user.emailVerifiedAt) return { verified: true };
  const outcome = await checkCode(deps.redis, deps.config.twoFactorKey, {
    key: identityKeys.emailVerification(user.id),
    purpose: VERIFY_PURPOSE,
    code: "code" in input ? input.code : "",
    maxAttempts: IDENTITY_LIMITS.maxCodeAttempts,
    ...("token" in input ? { linkDigest: tokenDigest(input.token) } : {}),
  });
  if (outcome !== "ok") throw refusal;
  await asUser(deps.db, user.id, (tx) => tx.user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } }));
  return { verified: true };
}
