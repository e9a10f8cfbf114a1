import { randomBytes, randomUUID } from "node:crypto";

import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { ApiTokens } from "./auth-types";
import { RefreshRefusedError, rotateOnce } from "./token-rotation";

// Against the real Redis: the exchange of one refresh token happens once however many requests carry
// it at the same moment or shortly after, which is what keeps the API's reuse detection from ending a
// session the browser is still using.

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
let redis: Redis;
const namespace = `test-rotation-${randomUUID()}`;

beforeAll(() => {
  redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  const keys = await redis.keys(`${namespace}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

function tokens(): ApiTokens {
  return {
    accessToken: `access-${randomBytes(16).toString("hex")}`,
    accessExpiresAt: Date.now() + 15 * 60_000,
    refreshToken: randomBytes(32).toString("base64url"),
    refreshExpiresAt: Date.now() + 30 * 86_400_000,
    sessionId: randomUUID(),
  };
}

/** An exchange that counts its calls and answers after the caller lets it. */
function countingExchange() {
  let calls = 0;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const issued = tokens();
  return {
    issued,
    release,
    calls: () => calls,
    exchange: async () => {
      calls += 1;
      await gate;
      return issued;
    },
  };
}

describe("rotateOnce", () => {
  it("exchanges a refresh token once for concurrent callers and hands them the same tokens", async () => {
    const old = randomBytes(32).toString("base64url");
    const ex = countingExchange();
    const pending = Array.from({ length: 5 }, () => rotateOnce({ redis, refreshToken: old, exchange: ex.exchange, namespace }));
    ex.release();
    const results = await Promise.all(pending);
    expect(ex.calls()).toBe(1);
    for (const r of results) expect(r).toEqual(ex.issued);
  });

  it("answers a late caller with the stored result instead of exchanging the spent token again", async () => {
    const old = randomBytes(32).toString("base64url");
    const ex = countingExchange();
    ex.release();
    const first = await rotateOnce({ redis, refreshToken: old, exchange: ex.exchange, namespace });
    const late = await rotateOnce({ redis, refreshToken: old, exchange: ex.exchange, namespace });
    expect(ex.calls()).toBe(1);
    expect(late).toEqual(first);
  });

  it("stores the result sealed, with a time limit", async () => {
    const old = randomBytes(32).toString("base64url");
    const ex = countingExchange();
    ex.release();
    await rotateOnce({ redis, refreshToken: old, exchange: ex.exchange, namespace });
    const keys = await redis.keys(`${namespace}:auth:rotated:*`);
    const values = await Promise.all(keys.map((k) => redis.get(k)));
    expect(values.some((v) => v?.includes(ex.issued.accessToken) || v?.includes(ex.issued.refreshToken))).toBe(false);
    const ttls = await Promise.all(keys.map((k) => redis.ttl(k)));
    for (const ttl of ttls) expect(ttl).toBeGreaterThan(0);
  });

  it("exchanges different tokens separately", async () => {
    const a = countingExchange();
    const b = countingExchange();
    a.release();
    b.release();
    const [ra, rb] = await Promise.all([
      rotateOnce({ redis, refreshToken: randomBytes(32).toString("base64url"), exchange: a.exchange, namespace }),
      rotateOnce({ redis, refreshToken: randomBytes(32).toString("base64url"), exchange: b.exchange, namespace }),
    ]);
    expect(ra).toEqual(a.issued);
    expect(rb).toEqual(b.issued);
  });

  it("passes a refusal on, stores nothing and frees the token for another try", async () => {
    const old = randomBytes(32).toString("base64url");
    let calls = 0;
    const refuse = async (): Promise<ApiTokens> => {
      calls += 1;
      throw new RefreshRefusedError("refresh token is not valid");
    };
    await expect(rotateOnce({ redis, refreshToken: old, exchange: refuse, namespace })).rejects.toBeInstanceOf(RefreshRefusedError);
    await expect(rotateOnce({ redis, refreshToken: old, exchange: refuse, namespace })).rejects.toBeInstanceOf(RefreshRefusedError);
    expect(calls).toBe(2);
  });
});
