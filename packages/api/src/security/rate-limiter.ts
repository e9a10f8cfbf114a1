import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import type { RateLimitPolicies } from "./rate-limit";
import { TOKEN_BUCKET_LUA } from "./token-bucket.lua";

export interface BucketLimit {
  /** Tokens a full bucket holds: the burst allowed after a quiet period. */
  burst: number;
  /** Tokens added per second: the sustained rate. */
  perSecond: number;
}

export interface Bucket extends BucketLimit {
  /** Unique per policy and subject, e.g. `login:addr:203.0.113.7`. */
  key: string;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** 0 when allowed; otherwise how long until every bucket could pay again. */
  retryAfterMs: number;
  /** Whole tokens left in the emptiest bucket after this request (0 when refused). */
  remaining: number;
}

const SCRIPT_SHA = createHash("sha1").update(TOKEN_BUCKET_LUA).digest("hex");
const KEY_PREFIX = "rl:";

/**
 * Draws from Redis token buckets through one Lua script (EVALSHA, loading it on first NOSCRIPT), with the
 * policies (bucket sizes) it enforces.
 */
export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    readonly policies: RateLimitPolicies,
  ) {}

  async consume(buckets: readonly Bucket[], cost = 1): Promise<RateLimitDecision> {
    if (buckets.length === 0) return { allowed: true, retryAfterMs: 0, remaining: Number.POSITIVE_INFINITY };
    const keys = buckets.map((b) => `${KEY_PREFIX}${b.key}`);
    const args = [String(cost), ...buckets.flatMap((b) => [String(b.burst), String(b.perSecond)])];
    let reply: unknown;
    try {
      reply = await this.redis.evalsha(SCRIPT_SHA, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      reply = await this.redis.eval(TOKEN_BUCKET_LUA, keys.length, ...keys, ...args);
    }
    const [allowed, retryAfterMs, remaining] = reply as [number, number, number];
    return { allowed: allowed === 1, retryAfterMs, remaining };
  }
}
