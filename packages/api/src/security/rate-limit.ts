import { createHash } from "node:crypto";
import { TRPCError } from "@trpc/server";
import type { Redis } from "ioredis";
import { apiEnv } from "../env";
import { DomainError } from "../errors";
import { RateLimiter, type Bucket, type BucketLimit } from "./rate-limiter";

/**
 * The buckets a procedure draws from. Every procedure pays into `general`; the ones an attacker would
 * hammer (password guessing, code guessing, sign-up farming) also pay into a stricter policy of their own.
 * `address` is per client address; `account` is per targeted account (the email being signed in to, the
 * second-factor challenge, or the signed-in user).
 */
export interface RateLimitPolicy {
  address?: BucketLimit;
  account?: BucketLimit;
}

export const RATE_LIMIT_POLICY_NAMES = ["general", "login", "register", "second-factor", "email-verification", "refresh", "password-reset"] as const;
export type RateLimitPolicyName = (typeof RATE_LIMIT_POLICY_NAMES)[number];
export type RateLimitPolicies = Record<RateLimitPolicyName, RateLimitPolicy>;

const perMinute = (n: number) => n / 60;

/** The stricter policies; `general` comes from the environment (RATE_LIMIT_GENERAL_*). */
export function rateLimitPolicies(general: BucketLimit): RateLimitPolicies {
  return {
    general: { address: general, account: general },
    // 20 guesses at once per address, then 10 a minute; 10 per targeted account, then 1 a minute.
    login: { address: { burst: 20, perSecond: perMinute(10) }, account: { burst: 10, perSecond: perMinute(1) } },
    register: { address: { burst: 10, perSecond: perMinute(2) }, account: { burst: 3, perSecond: perMinute(0.2) } },
    "second-factor": { address: { burst: 20, perSecond: perMinute(10) }, account: { burst: 10, perSecond: perMinute(2) } },
    "email-verification": { address: { burst: 20, perSecond: perMinute(10) }, account: { burst: 6, perSecond: perMinute(1) } },
    refresh: { address: { burst: 60, perSecond: 1 } },
    // Each request mails the address's owner: 3 per address asked about, then one every 10 minutes.
    "password-reset": { address: { burst: 10, perSecond: perMinute(2) }, account: { burst: 3, perSecond: perMinute(0.1) } },
  };
}

/** The limiter every request context gets unless its creator passes another (or null, to switch it off). */
export function defaultRateLimiter(redis: Redis): RateLimiter {
  const env = apiEnv();
  return new RateLimiter(redis, rateLimitPolicies({ burst: env.RATE_LIMIT_GENERAL_BURST, perSecond: env.RATE_LIMIT_GENERAL_PER_SECOND }));
}

/** Carried as the TRPCError's cause; the error formatter and the HTTP adapters read `retryAfterSeconds`. */
export class RateLimitExceededError extends Error {
  override name = "RateLimitExceededError";
  constructor(
    readonly policy: RateLimitPolicyName,
    readonly retryAfterSeconds: number,
  ) {
    super(`rate limit ${policy} exceeded; retry after ${retryAfterSeconds}s`);
  }
}

// Account subjects are hashed so Redis never holds an email address in a key name.
function subjectHash(value: string): string {
  return createHash("sha256").update(value).digest("base64url").slice(0, 22);
}

function field(input: unknown, name: string): string | null {
  if (!input || typeof input !== "object") return null;
  const value = (input as Record<string, unknown>)[name];
  return typeof value === "string" && value.length > 0 && value.length <= 320 ? value : null;
}

/**
 * The account a request targets. For the strict policies that is what the (not yet validated) input
 * names, whoever calls: the email being signed in to or signed up with (trimmed and lower-cased, the
 * spelling `emailField` stores), the second-factor challenge. Only when the input names no account (a
 * signed-in user setting up their own second factor) is it the caller. A signed-in attacker guessing
 * someone else's password therefore drains that account's bucket, not one of their own. Unvalidated is
 * fine: a junk value only buys the caller a bucket of its own, and the address bucket still applies.
 * The `general` policy has no target: it is the signed-in caller, or nobody.
 */
export function accountSubject(policy: RateLimitPolicyName, userId: string | null, rawInput: unknown): string | null {
  if (policy !== "general") {
    const email = field(rawInput, "email");
    if (email) return `email:${subjectHash(email.trim().toLowerCase())}`;
    const challengeId = field(rawInput, "challengeId");
    if (challengeId) return `challenge:${subjectHash(challengeId)}`;
  }
  return userId ? `user:${userId}` : null;
}

export interface RateLimitSubjects {
  address: string | null;
  account: string | null;
}

export function bucketsFor(name: RateLimitPolicyName, policy: RateLimitPolicy, subjects: RateLimitSubjects): Bucket[] {
  const buckets: Bucket[] = [];
  if (policy.address && subjects.address) buckets.push({ key: `${name}:addr:${subjects.address}`, ...policy.address });
  if (policy.account && subjects.account) buckets.push({ key: `${name}:acct:${subjects.account}`, ...policy.account });
  return buckets;
}

/** Draws one token from the policy's buckets or throws TOO_MANY_REQUESTS carrying the wait. */
export async function enforceRateLimit(limiter: RateLimiter, name: RateLimitPolicyName, subjects: RateLimitSubjects): Promise<void> {
  const buckets = bucketsFor(name, limiter.policies[name], subjects);
  if (buckets.length === 0) return;
  const decision = await limiter.consume(buckets);
  if (decision.allowed) return;
  const retryAfterSeconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  throw new TRPCError({
    code: "TOO_MANY_REQUESTS",
    message: `too many requests; retry in ${retryAfterSeconds}s`,
    cause: new RateLimitExceededError(name, retryAfterSeconds),
  });
}

/**
 * Seconds a refused call should wait before it is tried again, or null when it names none: a rate-limit
 * refusal (429), or a SERVICE_UNAVAILABLE domain refusal that says when (503: a busy checkout, a
 * saturated database).
 */
export function retryAfterSecondsOf(cause: unknown): number | null {
  if (cause instanceof RateLimitExceededError) return cause.retryAfterSeconds;
  if (cause instanceof DomainError && cause.code === "SERVICE_UNAVAILABLE") {
    const seconds = cause.details.retryAfterSeconds;
    if (typeof seconds === "number" && Number.isFinite(seconds) && seconds > 0) return Math.ceil(seconds);
  }
  return null;
}

/** The longest wait among the refusals in a (batched) response that name one, or null when there is none. */
export function retryAfterOf(errors: readonly { cause?: unknown }[]): number | null {
  let seconds: number | null = null;
  for (const error of errors) {
    const wait = retryAfterSecondsOf(error.cause);
    if (wait !== null) seconds = Math.max(seconds ?? 0, wait);
  }
  return seconds;
}

/**
 * `responseMeta` for the HTTP adapters: a refused request gets `Retry-After` (seconds), as RFC 9110 asks
 * of a 429 and allows for a 503. Status is left to tRPC (429 or 503 for a single call, 207 for a mixed batch).
 */
export function retryAfterResponseMeta({ errors }: { errors: readonly { cause?: unknown }[] }): { headers?: Record<string, string> } {
  const seconds = retryAfterOf(errors);
  return seconds === null ? {} : { headers: { "retry-after": String(seconds) } };
}
