import { asPlatform } from "@bazaar/db";
import { hash } from "@node-rs/argon2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIdentityHarness, trpcErrorOf, uniqueEmail, type IdentityHarness } from "./identity.testing";
import { purgeExpiredRefreshTokens } from "./sessions.service";

let h: IdentityHarness;
const PASSWORD = "sessions test password";

async function newUser(name: string): Promise<string> {
  const email = uniqueEmail(h.runId, name);
  await (await h.caller()).identity.register({ email, password: PASSWORD, name });
  return email;
}

async function signIn(email: string, deviceId?: string, clock?: () => Date) {
  const result = await (await h.caller({ address: "198.51.100.10", headers: { "user-agent": `device ${deviceId ?? "none"}` }, clock })).identity.login({ email, password: PASSWORD, deviceId });
  if (result.status !== "authenticated") throw new Error(`expected authenticated, got ${result.status}`);
  return result;
}

beforeAll(async () => {
  h = await startIdentityHarness("identity_sessions");
});

afterAll(async () => {
  await h?.close();
});

describe("login", () => {
  it("returns a 15-minute access token that the session resolver accepts, and an opaque refresh token", async () => {
    const email = await newUser("lin");
    // A pinned clock (on a whole second, as JWT times are): the expiries are exact, not "about now".
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    const result = await signIn(email, "device-lin-1", () => now);
    expect(result.user).toMatchObject({ email, name: "lin", platformRole: "NONE", emailVerified: false });
    expect(result.accessExpiresAt.getTime() - now.getTime()).toBe(15 * 60 * 1000);
    expect(result.refreshExpiresAt.getTime() - now.getTime()).toBe(30 * 24 * 60 * 60 * 1000);
    expect(result.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const stored = await asPlatform(h.db, (tx) => tx.refreshToken.findMany({ where: { sessionId: result.sessionId } }));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).not.toContain(result.refreshToken);
    expect([stored[0]!.createdAt, stored[0]!.expiresAt]).toEqual([now, result.refreshExpiresAt]);

    const sessions = await (await h.caller({ bearer: result.accessToken })).identity.listSessions();
    expect(sessions).toEqual([expect.objectContaining({ id: result.sessionId, deviceId: "device-lin-1", userAgent: "device device-lin-1", ipAddress: "198.51.100.10", current: true })]);
  });

  it("refuses a wrong password and an unknown email alike, and an invalid bearer is anonymous", async () => {
    const email = await newUser("wrong");
    const caller = await h.caller();
    const wrong = await trpcErrorOf(caller.identity.login({ email, password: "not the password" }));
    const unknown = await trpcErrorOf(caller.identity.login({ email: uniqueEmail(h.runId, "ghost"), password: PASSWORD }));
    expect([wrong.code, wrong.message]).toEqual(["UNAUTHORIZED", "invalid email or password"]);
    expect([unknown.code, unknown.message]).toEqual([wrong.code, wrong.message]);
    expect((await trpcErrorOf((await h.caller({ bearer: "x".repeat(40) })).identity.listSessions())).code).toBe("UNAUTHORIZED");
  });

  it("announces a successful sign-in for the audit log, with no token in it", async () => {
    const email = await newUser("audited");
    const result = await signIn(email, "device-audited");
    const rows = await asPlatform(h.db, (tx) => tx.outboxEvent.findMany({ where: { type: "identity.login.succeeded", key: result.user.id } }));
    expect(rows).toHaveLength(1);
    const envelope = rows[0]!.envelope as { tenantId: string | null; payload: unknown };
    expect(envelope.tenantId).toBeNull();
    expect(envelope.payload).toEqual({
      userId: result.user.id,
      sessionId: result.sessionId,
      secondFactor: null,
      ipAddress: "198.51.100.10",
      userAgent: "device device-audited",
    });
    const raw = JSON.stringify(envelope);
    expect([result.accessToken, result.refreshToken, PASSWORD].some((secret) => raw.includes(secret))).toBe(false);
  });

  it("announces a failed sign-in as one outbox row and changes nothing else", async () => {
    const email = await newUser("failing");
    const userId = (await asPlatform(h.db, (tx) => tx.user.findUniqueOrThrow({ where: { email } }))).id;
    const ghost = uniqueEmail(h.runId, "nobody");
    const caller = await h.caller({ address: "198.51.100.77" });
    const failedFor = async (key: string) =>
      (await asPlatform(h.db, (tx) => tx.outboxEvent.findMany({ where: { type: "identity.login.failed", key } }))).map((r) => r.envelope as { tenantId: string | null; payload: unknown });

    const before = await h.counts();
    await trpcErrorOf(caller.identity.login({ email: email.toUpperCase(), password: "not the password" }));
    expect(await h.counts()).toEqual({ ...before, outbox: before.outbox! + 1 });
    expect(await failedFor(userId)).toEqual([
      expect.objectContaining({ tenantId: null, payload: { email, userId, reason: "bad-password", ipAddress: "198.51.100.77" } }),
    ]);

    // No account: keyed by the address tried, lower-cased as the sign-in form normalises it.
    await trpcErrorOf(caller.identity.login({ email: ghost.toUpperCase(), password: PASSWORD }));
    expect(await h.counts()).toEqual({ ...before, outbox: before.outbox! + 2 });
    expect(await failedFor(ghost)).toEqual([
      expect.objectContaining({ tenantId: null, payload: { email: ghost, userId: null, reason: "unknown-email", ipAddress: "198.51.100.77" } }),
    ]);
  });

  it("upgrades a weaker stored hash on a successful sign-in", async () => {
    const email = uniqueEmail(h.runId, "legacy");
    const legacyHash = await hash(PASSWORD, { memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    await asPlatform(h.db, (tx) => tx.user.create({ data: { email, name: "Legacy", passwordHash: legacyHash } }));
    await signIn(email);
    expect((await asPlatform(h.db, (tx) => tx.user.findUniqueOrThrow({ where: { email } }))).passwordHash).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=1\$/);
  });
});

describe("refresh", () => {
  it("refuses a refresh token one millisecond past its expiry and accepts it one before", async () => {
    const email = await newUser("expiry");
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    const first = await signIn(email, "device-expiry", () => now);
    const late = new Date(first.refreshExpiresAt.getTime());
    const refused = await trpcErrorOf((await h.caller({ clock: () => late })).identity.refresh({ refreshToken: first.refreshToken }));
    expect([refused.code, refused.message]).toEqual(["UNAUTHORIZED", "refresh token is not valid"]);
    const justInTime = new Date(first.refreshExpiresAt.getTime() - 1);
    const renewed = await (await h.caller({ clock: () => justInTime })).identity.refresh({ refreshToken: first.refreshToken });
    expect(renewed.refreshExpiresAt.getTime() - justInTime.getTime()).toBe(30 * 24 * 60 * 60 * 1000);
  });

  it("rotates: a new refresh token each time, the old one marked used, same family and session", async () => {
    const first = await signIn(await newUser("rota"));
    const caller = await h.caller();
    const second = await caller.identity.refresh({ refreshToken: first.refreshToken });
    const third = await caller.identity.refresh({ refreshToken: second.refreshToken });
    expect(new Set([first.refreshToken, second.refreshToken, third.refreshToken]).size).toBe(3);
    expect(third.sessionId).toBe(first.sessionId);
    const rows = await asPlatform(h.db, (tx) => tx.refreshToken.findMany({ where: { sessionId: first.sessionId }, orderBy: { createdAt: "asc" } }));
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.familyId)).size).toBe(1);
    expect(rows.map((r) => r.usedAt !== null)).toEqual([true, true, false]);
    expect(await (await h.caller({ bearer: third.accessToken })).identity.listSessions()).toHaveLength(1);
  });

  it("revokes the whole family and its session when a used token is presented again", async () => {
    const first = await signIn(await newUser("reuse"));
    const caller = await h.caller();
    const second = await caller.identity.refresh({ refreshToken: first.refreshToken });
    const outboxBefore = await asPlatform(h.db, (tx) => tx.outboxEvent.count({ where: { type: "identity.session.revoked" } }));

    // The thief replays the token the victim already exchanged.
    const replay = await trpcErrorOf(caller.identity.refresh({ refreshToken: first.refreshToken }));
    expect(replay.code).toBe("UNAUTHORIZED");

    // The legitimate holder's newest token and access token are dead too.
    expect((await trpcErrorOf(caller.identity.refresh({ refreshToken: second.refreshToken }))).code).toBe("UNAUTHORIZED");
    expect((await trpcErrorOf((await h.caller({ bearer: second.accessToken })).identity.listSessions())).code).toBe("UNAUTHORIZED");
    const session = await asPlatform(h.db, (tx) => tx.userSession.findUniqueOrThrow({ where: { id: first.sessionId } }));
    expect(session).toMatchObject({ revokedReason: "refresh-token-reused", revokedAt: expect.any(Date) });
    expect(await asPlatform(h.db, (tx) => tx.refreshToken.count({ where: { sessionId: first.sessionId, revokedAt: null } }))).toBe(0);
    const events = await asPlatform(h.db, (tx) => tx.outboxEvent.findMany({ where: { type: "identity.session.revoked" } }));
    expect(events).toHaveLength(outboxBefore + 1);
    expect(events.at(-1)!.envelope).toMatchObject({ payload: { sessionId: first.sessionId, reason: "refresh-token-reused" } });
  });

  it("lets exactly one of two concurrent exchanges of one token win, and treats the loser as reuse", async () => {
    const first = await signIn(await newUser("race"));
    const caller = await h.caller();
    const outcomes = await Promise.allSettled([caller.identity.refresh({ refreshToken: first.refreshToken }), caller.identity.refresh({ refreshToken: first.refreshToken })]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect((await asPlatform(h.db, (tx) => tx.userSession.findUniqueOrThrow({ where: { id: first.sessionId } }))).revokedReason).toBe("refresh-token-reused");
  });

  it("refuses an unknown token", async () => {
    expect((await trpcErrorOf((await h.caller()).identity.refresh({ refreshToken: "A".repeat(43) }))).code).toBe("UNAUTHORIZED");
  });
});

describe("sessions", () => {
  it("lists a user's devices, revokes another one, and logs out the current one", async () => {
    const email = await newUser("multi");
    const laptop = await signIn(email, "laptop-0001");
    const phone = await signIn(email, "phone-00001");
    const onLaptop = await h.caller({ bearer: laptop.accessToken });
    const listed = await onLaptop.identity.listSessions();
    expect(listed.map((s) => [s.deviceId, s.current])).toEqual([
      ["phone-00001", false],
      ["laptop-0001", true],
    ]);

    await onLaptop.identity.revokeSession({ sessionId: phone.sessionId });
    expect((await trpcErrorOf((await h.caller({ bearer: phone.accessToken })).identity.listSessions())).code).toBe("UNAUTHORIZED");
    expect((await trpcErrorOf((await h.caller()).identity.refresh({ refreshToken: phone.refreshToken }))).code).toBe("UNAUTHORIZED");

    // Another user's session id is simply not found.
    const other = await signIn(await newUser("other"));
    expect((await trpcErrorOf(onLaptop.identity.revokeSession({ sessionId: other.sessionId }))).code).toBe("NOT_FOUND");

    expect(await onLaptop.identity.logout()).toEqual({ signedOut: true });
    expect((await trpcErrorOf((await h.caller({ bearer: laptop.accessToken })).identity.listSessions())).code).toBe("UNAUTHORIZED");
    expect(await (await h.caller({ bearer: other.accessToken })).identity.listSessions()).toHaveLength(1);
  });
});

describe("retention", () => {
  it("purges expired refresh tokens and keeps live ones", async () => {
    const live = await signIn(await newUser("retained"));
    const before = await asPlatform(h.db, (tx) => tx.refreshToken.count());
    const now = new Date();
    // Past the latest expiry issued so far in this file (other tests pin clocks ahead), everything is expired.
    const { _max } = await asPlatform(h.db, (tx) => tx.refreshToken.aggregate({ _max: { expiresAt: true } }));
    const later = new Date(_max.expiresAt!.getTime() + 1);
    expect(await purgeExpiredRefreshTokens(h.db, now)).toBe(0);
    expect(await asPlatform(h.db, (tx) => tx.refreshToken.count())).toBe(before);
    expect(await purgeExpiredRefreshTokens(h.db, later, 2)).toBe(2);
    while ((await purgeExpiredRefreshTokens(h.db, later)) > 0);
    expect(await asPlatform(h.db, (tx) => tx.refreshToken.count())).toBe(0);
    expect((await trpcErrorOf((await h.caller()).identity.refresh({ refreshToken: live.refreshToken }))).code).toBe("UNAUTHORIZED");
  });
});
