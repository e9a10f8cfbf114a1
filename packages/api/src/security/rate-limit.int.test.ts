import { randomUUID } from "node:crypto";
import { createLogger } from "@bazaar/observability";
import { TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBazaarClient } from "../client";
import { createApiServer, type ApiServer } from "../http/api-server";
import { randomTestAddress, startIdentityHarness, trpcErrorOf, uniqueEmail, type IdentityHarness } from "../identity/identity.testing";
import { createCaller } from "../root";
import type { Session } from "../session";
import { createTRPCContext } from "../trpc";
import { RateLimiter } from "./rate-limiter";
import { rateLimitPolicies, type RateLimitPolicies } from "./rate-limit";

let h: IdentityHarness;
let api: ApiServer;
let baseUrl: string;
let policies: RateLimitPolicies;

beforeAll(async () => {
  h = await startIdentityHarness("security_rate_limit");
  // The real middleware, script and adapters, with login buckets that refill too slowly (one token per
  // ~2.8 hours) for time to change any count while the tests run: 5 per address, 3 per account.
  const slow = (burst: number) => ({ burst, perSecond: 0.0001 });
  policies = { ...rateLimitPolicies({ burst: 300, perSecond: 30 }), login: { address: slow(5), account: slow(3) } };
  api = createApiServer({
    db: h.db,
    redis: h.redis,
    logger: createLogger("api", { level: "error" }),
    allowedOrigins: [],
    rateLimiter: new RateLimiter(h.redis, policies),
  });
  ({ url: baseUrl } = await api.listen(0));
});

afterAll(async () => {
  await api?.close(1_000);
  await h?.close();
});

const limiter = () => new RateLimiter(h.redis, rateLimitPolicies({ burst: 1, perSecond: 1 }));

describe("token bucket script", () => {
  it("admits exactly the burst out of many concurrent requests, atomically", async () => {
    const bucket = { key: `atomic:${h.runId}`, burst: 10, perSecond: 0.01 };
    const decisions = await Promise.all(Array.from({ length: 60 }, () => limiter().consume([bucket])));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
    const refused = decisions.filter((d) => !d.allowed);
    // One token at 0.01/s takes up to 100 s to come back.
    for (const d of refused) expect(d.retryAfterMs).toBeGreaterThan(90_000);
    expect(await h.redis.ttl(`rl:${bucket.key}`)).toBeGreaterThan(0);
  });

  it("draws from all buckets or from none", async () => {
    const roomy = { key: `roomy:${h.runId}`, burst: 5, perSecond: 0.01 };
    const tight = { key: `tight:${h.runId}`, burst: 1, perSecond: 0.01 };
    expect((await limiter().consume([roomy, tight])).allowed).toBe(true);
    expect((await limiter().consume([roomy, tight])).allowed).toBe(false);
    // The refused request did not spend from the roomy bucket: 4 are left of 5.
    const alone = await limiter().consume([roomy]);
    expect(alone).toMatchObject({ allowed: true, remaining: 3 });
  });
});

describe("the per-account login bucket", () => {
  it("is the target account's, whoever calls: signed-in and anonymous callers from rotating addresses share it", async () => {
    const target = uniqueEmail(h.runId, "victim");
    const rateLimiter = new RateLimiter(h.redis, policies);
    const guess = async (email: string, session: Session | null) => {
      // A new address each time, so only the account bucket (3) can run out.
      const ctx = await createTRPCContext({ headers: {}, db: h.db, redis: h.redis, logger: createLogger("api", { level: "error" }), peerAddress: randomTestAddress(), rateLimiter });
      return trpcErrorOf(createCaller({ ...ctx, session }).identity.login({ email, password: "guessing the password" }));
    };
    // Three attackers' own accounts, one guess each...
    for (const userId of [randomUUID(), randomUUID(), randomUUID()]) {
      expect((await guess(target, { userId, platformRole: "NONE" })).code).toBe("UNAUTHORIZED");
    }
    // ...have emptied the victim's bucket for everyone, under any spelling of the address.
    expect((await guess(` ${target.toUpperCase()} `, null)).code).toBe("TOO_MANY_REQUESTS");
    expect((await guess(target, { userId: randomUUID(), platformRole: "NONE" })).code).toBe("TOO_MANY_REQUESTS");
  });
});

describe("through the HTTP server", () => {
  it("answers 429 with Retry-After once an account's login bucket is empty", async () => {
    const email = uniqueEmail(h.runId, "target");
    const attempt = () =>
      fetch(`${baseUrl}/trpc/identity.login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ json: { email, password: "guessing the password" } }),
      });
    // The account's bucket holds 3: three wrong guesses are 401, the fourth is refused unheard.
    for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
    const refused = await attempt();
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(9_000);
    const body = (await refused.json()) as { error: { json: { data: { code: string; retryAfter: number; httpStatus: number } } } };
    expect(body.error.json.data).toMatchObject({ code: "TOO_MANY_REQUESTS", httpStatus: 429, retryAfter });
  });

  it("limits one address across accounts, and the typed client sees retryAfter in the error data", async () => {
    const client = createBazaarClient({ url: `${baseUrl}/trpc` });
    const codes: string[] = [];
    let retryAfter: unknown = null;
    // Different accounts each time, so only the address bucket (5) can run out; the test above already
    // took 3 of this address's (127.0.0.1) tokens.
    for (let i = 0; i < 4; i++) {
      const error = await client.identity.login.mutate({ email: uniqueEmail(h.runId, `spray${i}`), password: "guessing the password" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TRPCClientError);
      const data = (error as TRPCClientError<never>).data as { code: string; retryAfter: number | null } | undefined;
      codes.push(data?.code ?? "?");
      retryAfter = data?.retryAfter ?? null;
    }
    expect(codes).toEqual(["UNAUTHORIZED", "UNAUTHORIZED", "TOO_MANY_REQUESTS", "TOO_MANY_REQUESTS"]);
    expect(retryAfter).toBeGreaterThan(9_000);
  });

  it("does not limit a procedure whose buckets are untouched", async () => {
    const response = await fetch(`${baseUrl}/trpc/health.ping`);
    expect(response.status).toBe(200);
    expect(response.headers.get("retry-after")).toBeNull();
  });
});
