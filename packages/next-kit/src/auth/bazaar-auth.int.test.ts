import { randomBytes, randomUUID } from "node:crypto";
import { Writable } from "node:stream";

import { createCaller, createTRPCContext } from "@bazaar/api/server";
import { createDb, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { createLogger } from "@bazaar/observability";
import { Redis } from "ioredis";
import type { User } from "next-auth";
import { encode, type JWT } from "next-auth/jwt";
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { decodeSignInOutcome } from "./sign-in-outcome";

// `server-only` refuses to load outside a React Server Components bundle; this test is the server.
vi.mock("server-only", () => ({}));
const { createBazaarAuth } = await import("./bazaar-auth");

// next-auth's credentials and jwt callbacks against the real identity procedures (in-process API on a
// fresh database, the shared Redis, Mailpit for the verification mail the sign-up sends).

const PASSWORD = "correct horse battery staple";
const SECRET = randomBytes(32).toString("base64url");

let database: TestDatabase;
let db: Db;
let redis: Redis;
let auth: ReturnType<typeof createBazaarAuth>;

const logger = createLogger("next-kit-test", { level: "error", stream: new Writable({ write: (_c, _e, done) => done() }) });
const getDeps = () => ({ db, redis, logger });

async function caller(bearer?: string) {
  const headers = new Headers(bearer ? { authorization: `Bearer ${bearer}` } : {});
  return createCaller(await createTRPCContext({ headers, db, redis, logger }));
}

type Authorize = (credentials: Record<string, string>, req: { headers?: Record<string, unknown> }) => Promise<User>;
const authorize = (credentials: Record<string, string>) =>
  (auth.options.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize(credentials, { headers: { "user-agent": "vitest" } });

type JwtCallback = (params: { token: JWT; user?: User }) => Promise<JWT>;
const jwt = (params: { token: JWT; user?: User }) => (auth.options.callbacks!.jwt as unknown as JwtCallback)(params);

/** What authorize() threw, decoded the way the sign-in form decodes it. */
async function refusalOf(credentials: Record<string, string>) {
  const error = await authorize(credentials).then(
    () => null,
    (e: unknown) => e as Error,
  );
  expect(error, "authorize should have thrown").toBeInstanceOf(Error);
  return decodeSignInOutcome(error!.message);
}

async function newUser(label: string) {
  const email = `${label}-${randomUUID().slice(0, 8)}@e2e.bazaar.test`;
  await (await caller()).identity.register({ email, password: PASSWORD, name: `User ${label}` });
  return email;
}

beforeAll(async () => {
  database = await createTestDatabase(testDatabaseName("nextkit_auth"));
  db = createDb({ url: database.url, applicationName: "next-kit-test", poolSize: 4 });
  redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { maxRetriesPerRequest: 1 });
  auth = createBazaarAuth({ app: `test-${randomUUID().slice(0, 8)}`, secret: SECRET, secureCookies: false, getDeps, signInPath: "/sign-in" });
});

afterAll(async () => {
  await db?.$disconnect();
  await redis?.quit();
  await database?.drop();
});

describe("credentials step", () => {
  it("signs in with email and password and keeps the API tokens in the JWT only", async () => {
    const email = await newUser("plain");
    const user = await authorize({ email, password: PASSWORD });
    expect(user.profile).toMatchObject({ email, platformRole: "NONE", emailVerified: false });
    expect(user.tokens.accessToken.split(".")).toHaveLength(3);

    const token = await jwt({ token: {}, user });
    expect(token).toMatchObject({ sub: user.profile.id, accessToken: user.tokens.accessToken, refreshToken: user.tokens.refreshToken });
    const session = (auth.options.callbacks!.session as unknown as (p: { session: { expires: string }; token: JWT }) => Record<string, unknown>)({
      session: { expires: new Date().toISOString() },
      token,
    });
    expect(JSON.stringify(session)).not.toContain(user.tokens.accessToken);
    expect(JSON.stringify(session)).not.toContain(user.tokens.refreshToken);
  });

  it("refuses a wrong password in the API's words and a malformed input with field errors", async () => {
    const email = await newUser("wrong");
    expect(await refusalOf({ email, password: "not the password" })).toMatchObject({ kind: "error", code: "UNAUTHORIZED", message: "Invalid email or password." });
    expect(await refusalOf({ email: "", password: "" })).toMatchObject({ kind: "error", code: "BAD_REQUEST", fieldErrors: { email: "enter your email", password: "enter your password" } });
  });
});

describe("second-factor step", () => {
  it("turns a TOTP account's password step into a challenge, then completes it with a code", async () => {
    const email = await newUser("totp");
    const first = await authorize({ email, password: PASSWORD });
    const api = await caller(first.tokens.accessToken);
    const enrolment = await api.identity.beginTotpEnrollment();
    await api.identity.confirmTotpEnrollment({ code: await generate({ secret: enrolment.secret }) });

    const challenge = await refusalOf({ email, password: PASSWORD });
    expect(challenge).toMatchObject({ kind: "second-factor", methods: expect.arrayContaining(["totp", "recovery"]) });
    if (challenge.kind !== "second-factor") throw new Error("unreachable");

    expect(await refusalOf({ challengeId: challenge.challengeId, method: "totp", code: "000000" })).toMatchObject({ kind: "error", code: "UNAUTHORIZED" });
    // The next step's code: the enrolment's may not be used twice.
    const code = await generate({ secret: enrolment.secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    const user = await authorize({ challengeId: challenge.challengeId, method: "totp", code });
    expect(user.profile.email).toBe(email);
    const sessions = await (await caller(user.tokens.accessToken)).identity.listSessions();
    expect(sessions.find((s) => s.current)?.secondFactor).toBe("totp");
  });
});

describe("jwt callback", () => {
  async function signedInToken(label: string) {
    const user = await authorize({ email: await newUser(label), password: PASSWORD });
    return jwt({ token: {}, user });
  }

  it("leaves a fresh access token alone", async () => {
    const token = await signedInToken("fresh");
    expect(await jwt({ token })).toEqual(token);
  });

  it("rotates a nearly expired access token, and a stale copy of the cookie gets the same new tokens", async () => {
    const token = await signedInToken("rotate");
    const expiring = { ...token, accessExpiresAt: Date.now() + 30_000 };
    const renewed = await jwt({ token: expiring });
    // (The access token itself may repeat: same claims minted within the same second.)
    expect(renewed.refreshToken).not.toBe(token.refreshToken);
    expect(renewed.accessExpiresAt).toBeGreaterThan(Date.now() + 10 * 60_000);

    // A request that left with the old cookie before the new one arrived: no second exchange, no reuse.
    const stale = await jwt({ token: expiring });
    expect(stale.refreshToken).toBe(renewed.refreshToken);
    const sessions = await (await caller(renewed.accessToken)).identity.listSessions();
    expect(sessions.some((s) => s.current)).toBe(true);

    // The rotated token rotates again.
    const again = await jwt({ token: { ...renewed, accessExpiresAt: Date.now() } });
    expect(again.refreshToken).not.toBe(renewed.refreshToken);
  });

  it("ends the cookie's session when the API refuses the refresh token", async () => {
    const token = await signedInToken("revoked");
    await (await caller(token.accessToken)).identity.logout();
    await expect(jwt({ token: { ...token, accessExpiresAt: Date.now() } })).rejects.toMatchObject({ name: "SessionEndedError" });
  });
});

describe("API headers from the cookie", () => {
  it("sends the session's bearer token and only a well-formed tenant id", async () => {
    const tenantAuth = createBazaarAuth({ app: "tenant-test", secret: SECRET, secureCookies: false, getDeps, signInPath: "/sign-in", tenantCookie: "t" });
    const token = await signedInToken();
    const cookie = await encode({ token, secret: SECRET });
    const tenantId = randomUUID();
    const request = (header: string) => new Request("http://127.0.0.1/api/trpc/x", { headers: { cookie: header } });

    expect(await tenantAuth.apiHeadersForRequest(request(`bazaar-tenant-test.session-token=${cookie}; t=${tenantId}`))).toEqual({
      authorization: `Bearer ${token.accessToken}`,
      "x-tenant-id": tenantId,
    });
    expect(await tenantAuth.apiHeadersForRequest(request(`bazaar-tenant-test.session-token=forged; t=not-a-uuid`))).toEqual({});

    async function signedInToken() {
      const user = await authorize({ email: await newUser("headers"), password: PASSWORD });
      return jwt({ token: {}, user });
    }
  });
});
