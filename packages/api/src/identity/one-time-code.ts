import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { codeDigest, sixDigitCode } from "./identity.crypto";

// Six-digit codes (email verification, email/SMS second factor, phone confirmation) live in a Redis hash
// with a TTL. Checking is one Lua script so that "compare, count a wrong attempt, delete when used or
// exhausted" cannot interleave: a code is accepted at most once and guessed at most `maxAttempts` times.

const CHECK_CODE_LUA = `
local digest = redis.call('HGET', KEYS[1], 'digest')
if not digest then return 'expired' end
if digest == ARGV[1] or (ARGV[2] ~= '' and redis.call('HGET', KEYS[1], 'link') == ARGV[2]) then
  redis.call('DEL', KEYS[1])
  return 'ok'
end
local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
if attempts >= tonumber(ARGV[3]) then
  redis.call('DEL', KEYS[1])
  return 'exhausted'
end
return 'wrong'
`;

export type CodeCheck = "ok" | "wrong" | "expired" | "exhausted";

export interface IssueCodeOptions {
  key: string;
  purpose: string;
  ttlSeconds: number;
  /** Extra fields stored beside the digest (e.g. the phone number being confirmed). */
  fields?: Record<string, string>;
  /** Digest of a link token that is accepted in place of the code. */
  linkDigest?: string;
}

export interface IssuedCode {
  /** The plaintext, for the message only: never stored, logged or used in a key. */
  code: string;
  /**
   * Names this issuance (stored beside the digest): the notification's idempotency key is built from
   * it and the subject's id, so a repeated delivery of one code is one delivery, and a new code is a
   * new one, without the key ever holding the code.
   */
  issueId: string;
}

/** Stores a fresh code (replacing any earlier one for the same key) and returns it for sending. */
export async function issueCode(redis: Redis, hmacKey: Buffer, options: IssueCodeOptions): Promise<IssuedCode> {
  const code = sixDigitCode();
  const issueId = randomUUID();
  const fields: Record<string, string> = { ...options.fields, digest: codeDigest(hmacKey, options.purpose, code), attempts: "0", issue: issueId };
  if (options.linkDigest) fields.link = options.linkDigest;
  await redis.multi().del(options.key).hset(options.key, fields).expire(options.key, options.ttlSeconds).exec();
  return { code, issueId };
}

export async function checkCode(
  redis: Redis,
  hmacKey: Buffer,
  options: { key: string; purpose: string; code: string; maxAttempts: number; linkDigest?: string },
): Promise<CodeCheck> {
  const digest = codeDigest(hmacKey, options.purpose, options.code);
  const reply = await redis.eval(CHECK_CODE_LUA, 1, options.key, digest, options.linkDigest ?? "", String(options.maxAttempts));
  return reply as CodeCheck;
}

/**
 * Counts a wrong attempt against a hash that holds its own `attempts` field and deletes it at `max`.
 * The NX expiry keeps the TTL rule even if the hash vanished meanwhile (HINCRBY would recreate it).
 */
export async function countWrongAttempt(redis: Redis, key: string, max: number, ttlSeconds: number): Promise<void> {
  const replies = await redis.multi().hincrby(key, "attempts", 1).expire(key, ttlSeconds, "NX").exec();
  const attempts = Number(replies?.[0]?.[1] ?? max);
  if (attempts >= max) await redis.del(key);
}
