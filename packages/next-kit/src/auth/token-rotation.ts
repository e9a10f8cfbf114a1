import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import type { Redis } from "ioredis";

import type { ApiTokens } from "./auth-types";

/**
 * Refresh tokens rotate and a reused one revokes its whole family (identity.refresh). A browser, though,
 * fires several requests at once with the same cookie, and a response that set the rotated cookie can
 * cross a request that still carries the old one. Without care the second presentation of the old token
 * would end the user's session. So each old token is exchanged once:
 *
 * - in-process, concurrent callers share one pending exchange;
 * - across processes, a short Redis lock lets one exchange while the others wait for its result;
 * - the result stays in Redis for GRACE_SECONDS, so a stale cookie arriving just after gets the same
 *   new tokens instead of tripping reuse detection.
 *
 * The cached result is sealed with a key derived from the old refresh token itself: only a holder of that
 * token can open it, which is exactly who could have exchanged it.
 */
const GRACE_SECONDS = 60;
const LOCK_SECONDS = 10;
const WAIT_STEP_MS = 100;

const pending = new Map<string, Promise<unknown>>();

function derive(label: string, refreshToken: string): Buffer {
  return createHash("sha256").update(`bazaar-next-auth:${label}\0${refreshToken}`).digest();
}

function seal(refreshToken: string, tokens: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", derive("seal", refreshToken), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(tokens), "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url")).join(".");
}

function open<T>(refreshToken: string, sealed: string): T | null {
  const [iv, tag, body] = sealed.split(".");
  if (!iv || !tag || body === undefined) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", derive("seal", refreshToken), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    const text = Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

export class RefreshRefusedError extends Error {
  override name = "RefreshRefusedError";
}

export interface RotateOptions<T extends ApiTokens> {
  redis: Redis;
  refreshToken: string;
  /** Calls identity.refresh; throws RefreshRefusedError when the API says the token is no good. */
  exchange: (refreshToken: string) => Promise<T>;
  /** Key namespace, e.g. the app name. */
  namespace: string;
}

export function rotateOnce<T extends ApiTokens>(options: RotateOptions<T>): Promise<T> {
  const id = derive("id", options.refreshToken).toString("base64url");
  const existing = pending.get(id) as Promise<T> | undefined;
  if (existing) return existing;
  const promise = rotate(options, id).finally(() => pending.delete(id));
  pending.set(id, promise);
  return promise;
}

async function rotate<T extends ApiTokens>({ redis, refreshToken, exchange, namespace }: RotateOptions<T>, id: string): Promise<T> {
  const resultKey = `${namespace}:auth:rotated:${id}`;
  const lockKey = `${namespace}:auth:rotating:${id}`;
  const deadline = Date.now() + LOCK_SECONDS * 1000;
  for (;;) {
    const cached = await redis.get(resultKey);
    if (cached) {
      const tokens = open<T>(refreshToken, cached);
      if (tokens) return tokens;
    }
    if ((await redis.set(lockKey, "1", "EX", LOCK_SECONDS, "NX")) === "OK") break;
    // Another process is exchanging this token right now: wait (bounded) for its result.
    if (Date.now() > deadline) throw new Error("timed out waiting for a concurrent token refresh");
    await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
  }
  try {
    const tokens = await exchange(refreshToken);
    await redis.set(resultKey, seal(refreshToken, tokens), "EX", GRACE_SECONDS);
    return tokens;
  } finally {
    await redis.del(lockKey);
  }
}
