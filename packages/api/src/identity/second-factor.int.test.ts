import { asPlatform } from "@bazaar/db";
import { mailpit, smsTo } from "@bazaar/notifications/testing";
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeIn, startIdentityHarness, trpcErrorOf, uniqueEmail, uniquePhone, type IdentityHarness } from "./identity.testing";

let h: IdentityHarness;
const mail = mailpit();
const PASSWORD = "second factor password";

/** The code an authenticator app shows `offsetSeconds` from now. */
const totpCode = (secret: string, offsetSeconds = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds });

async function signedInUser(name: string) {
  const email = uniqueEmail(h.runId, name);
  await (await h.caller()).identity.register({ email, password: PASSWORD, name });
  const login = await (await h.caller()).identity.login({ email, password: PASSWORD });
  if (login.status !== "authenticated") throw new Error("expected no second factor yet");
  return { email, userId: login.user.id, caller: await h.caller({ bearer: login.accessToken }) };
}

async function challengeFor(email: string) {
  const result = await (await h.caller()).identity.login({ email, password: PASSWORD });
  if (result.status !== "second-factor-required") throw new Error(`expected a challenge, got ${result.status}`);
  return result;
}

async function enrolTotp(caller: Awaited<ReturnType<typeof signedInUser>>["caller"]) {
  const enrolment = await caller.identity.beginTotpEnrollment();
  const secret = new URL(enrolment.otpauthUrl).searchParams.get("secret")!;
  const { recoveryCodes } = await caller.identity.confirmTotpEnrollment({ code: await totpCode(secret) });
  return { enrolment, secret, recoveryCodes };
}

/** The envelopes of one type announced for one user, oldest first. */
async function outboxFor(type: string, key: string) {
  const rows = await asPlatform(h.db, (tx) => tx.outboxEvent.findMany({ where: { type, key }, orderBy: { position: "asc" } }));
  return rows.map((r) => r.envelope as { tenantId: string | null; aggregate: { id: string }; payload: Record<string, unknown> });
}

beforeAll(async () => {
  h = await startIdentityHarness("identity_second_factor");
});

afterAll(async () => {
  await h?.close();
});

describe("TOTP", () => {
  it("enrols with an otpauth QR code, stores the secret encrypted, and shows 10 recovery codes once", async () => {
    const { email, userId, caller } = await signedInUser("totp");
    const { enrolment, secret, recoveryCodes } = await enrolTotp(caller);
    expect(enrolment.otpauthUrl).toMatch(/^otpauth:\/\/totp\/Bazaar:.+\?.*secret=[A-Z2-7]+/);
    expect(enrolment.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);

    const row = await asPlatform(h.db, (tx) => tx.userSecondFactor.findUniqueOrThrow({ where: { userId } }));
    expect(row.totpSecret).toMatch(/^v1\./);
    expect(row.totpSecret).not.toContain(secret);
    const stored = await asPlatform(h.db, (tx) => tx.recoveryCode.findMany({ where: { userId } }));
    expect(stored.some((r) => recoveryCodes.includes(r.codeHash))).toBe(false);
    expect(await caller.identity.getSecurityOverview()).toMatchObject({ email, totp: { enabled: true }, recoveryCodesLeft: 10 });

    // Announced for the audit log in the enrolment's transaction, with neither the secret nor a code.
    const changed = await outboxFor("identity.second-factor.changed", userId);
    expect(changed).toEqual([expect.objectContaining({ tenantId: null, aggregate: expect.objectContaining({ id: userId }), payload: { userId, method: "totp", change: "enabled" } })]);
    const raw = JSON.stringify(changed);
    expect([secret, ...recoveryCodes].some((c) => raw.includes(c))).toBe(false);
  });

  it("makes login ask for the second factor, then accepts a fresh code exactly once", async () => {
    const { email, caller } = await signedInUser("totp-login");
    const { secret } = await enrolTotp(caller);
    const challenge = await challengeFor(email);
    expect(challenge.methods).toEqual(["totp", "recovery"]);

    // The enrolment spent the current step; the app's next code (30 s ahead) is within the window.
    const code = await totpCode(secret, 30);
    const anon = await h.caller();
    const signedIn = await anon.identity.completeSecondFactor({ challengeId: challenge.challengeId, method: "totp", code });
    expect(signedIn.status).toBe("authenticated");
    const session = await asPlatform(h.db, (tx) => tx.userSession.findUniqueOrThrow({ where: { id: signedIn.sessionId } }));
    expect(session.secondFactor).toBe("totp");
    const succeeded = (await outboxFor("identity.login.succeeded", signedIn.user.id)).filter((e) => e.payload.sessionId === signedIn.sessionId);
    expect(succeeded.map((e) => e.payload)).toEqual([expect.objectContaining({ userId: signedIn.user.id, secondFactor: "totp" })]);

    // Same challenge again: gone. Same code on a new challenge: a replay of a spent step.
    expect((await trpcErrorOf(anon.identity.completeSecondFactor({ challengeId: challenge.challengeId, method: "totp", code }))).code).toBe("UNAUTHORIZED");
    const again = await challengeFor(email);
    expect((await trpcErrorOf(anon.identity.completeSecondFactor({ challengeId: again.challengeId, method: "totp", code }))).code).toBe("UNAUTHORIZED");
  });

  it("accepts each recovery code once, and disabling TOTP needs a valid code", async () => {
    const { email, caller } = await signedInUser("recovery");
    const { recoveryCodes, secret } = await enrolTotp(caller);
    const anon = await h.caller();
    const first = await challengeFor(email);
    const typed = recoveryCodes[0]!.toLowerCase().replace("-", " ");
    expect((await anon.identity.completeSecondFactor({ challengeId: first.challengeId, method: "recovery", code: typed })).status).toBe("authenticated");
    const second = await challengeFor(email);
    expect((await trpcErrorOf(anon.identity.completeSecondFactor({ challengeId: second.challengeId, method: "recovery", code: recoveryCodes[0]! }))).code).toBe("UNAUTHORIZED");
    expect((await caller.identity.getSecurityOverview()).recoveryCodesLeft).toBe(9);

    expect((await trpcErrorOf(caller.identity.disableTotp({ code: "000000" === (await totpCode(secret)) ? "111111" : "000000" }))).code).toBe("BAD_REQUEST");
    expect(await caller.identity.disableTotp({ code: recoveryCodes[1]! })).toEqual({ disabled: true });
    expect((await (await h.caller()).identity.login({ email, password: PASSWORD })).status).toBe("authenticated");
  });

  it("throws a challenge away after 5 wrong codes", async () => {
    const { email, caller } = await signedInUser("guesser");
    const { secret } = await enrolTotp(caller);
    const challenge = await challengeFor(email);
    const anon = await h.caller();
    const good = await totpCode(secret, 30);
    const bad = good === "123456" ? "654321" : "123456";
    for (let i = 0; i < 5; i++) {
      expect((await trpcErrorOf(anon.identity.completeSecondFactor({ challengeId: challenge.challengeId, method: "totp", code: bad }))).message).toBe("the code is wrong or has expired");
    }
    const after = await trpcErrorOf(anon.identity.completeSecondFactor({ challengeId: challenge.challengeId, method: "totp", code: good }));
    expect(after.message).toBe("this sign-in has expired; sign in again");
  });
});

describe("regenerating recovery codes", () => {
  /** A code from the app that the API has not accepted yet: the step after the last one used (or the current one). */
  async function unusedTotpCode(userId: string, secret: string) {
    const { totpLastStep } = await asPlatform(h.db, (tx) => tx.userSecondFactor.findUniqueOrThrow({ where: { userId } }));
    const step = Math.max((totpLastStep ?? -1) + 1, Math.floor(Date.now() / 30_000));
    return generate({ secret, epoch: step * 30 });
  }

  const recoveryState = (userId: string) =>
    asPlatform(h.db, (tx) => tx.recoveryCode.findMany({ where: { userId }, orderBy: { codeHash: "asc" }, select: { codeHash: true, usedAt: true, createdAt: true } }));

  async function signInWith(email: string, code: string) {
    const challenge = await challengeFor(email);
    return (await h.caller()).identity.completeSecondFactor({ challengeId: challenge.challengeId, method: "recovery", code });
  }

  it("refuses a wrong, replayed or recovery code with nothing changed", async () => {
    const { userId, caller } = await signedInUser("regen-refused");
    const { secret, recoveryCodes } = await enrolTotp(caller);
    const before = { codes: await recoveryState(userId), counts: await h.counts() };

    // Wrong: a code of none of the steps the API would accept now.
    const acceptable = await Promise.all([-30, 0, 30].map((offset) => totpCode(secret, offset)));
    const wrong = ["000000", "111111", "222222", "333333"].find((c) => !acceptable.includes(c))!;
    const wrongRefusal = await trpcErrorOf(caller.identity.regenerateRecoveryCodes({ code: wrong }));
    expect(wrongRefusal.code).toBe("BAD_REQUEST");
    expect(wrongRefusal.message).toBe("the code is wrong or has expired");
    // Replayed: the step the enrolment spent.
    const { totpLastStep } = await asPlatform(h.db, (tx) => tx.userSecondFactor.findUniqueOrThrow({ where: { userId } }));
    const replay = await generate({ secret, epoch: totpLastStep! * 30 });
    expect((await trpcErrorOf(caller.identity.regenerateRecoveryCodes({ code: replay }))).message).toBe("the code is wrong or has expired");
    // A recovery code is not an authenticator code, and is not spent by being offered.
    expect((await trpcErrorOf(caller.identity.regenerateRecoveryCodes({ code: recoveryCodes[0]! }))).code).toBe("BAD_REQUEST");

    expect({ codes: await recoveryState(userId), counts: await h.counts() }).toEqual(before);
    expect((await asPlatform(h.db, (tx) => tx.userSecondFactor.findUniqueOrThrow({ where: { userId } }))).totpLastStep).toBe(totpLastStep);
  });

  it("refuses with PRECONDITION_FAILED when no authenticator app is on, with nothing changed", async () => {
    const { caller } = await signedInUser("regen-no-totp");
    const before = await h.counts();
    const refusal = await trpcErrorOf(caller.identity.regenerateRecoveryCodes({ code: "123456" }));
    expect(refusal.code).toBe("PRECONDITION_FAILED");
    expect(refusal.message).toMatch(/authenticator app/);
    expect(await h.counts()).toEqual(before);
  });

  it("replaces every recovery code with 10 new ones: old codes stop working, new ones work once", async () => {
    const { email, userId, caller } = await signedInUser("regen");
    const { secret, recoveryCodes: old } = await enrolTotp(caller);
    expect((await signInWith(email, old[0]!)).status).toBe("authenticated");
    const outboxBefore = (await h.counts()).outbox;

    const { recoveryCodes: fresh } = await caller.identity.regenerateRecoveryCodes({ code: await unusedTotpCode(userId, secret) });
    expect(fresh).toHaveLength(10);
    expect(new Set(fresh).size).toBe(10);
    expect(fresh.filter((c) => old.includes(c))).toEqual([]);
    // Hashes only, all unused; the spent one is gone with the rest.
    const stored = await recoveryState(userId);
    expect(stored).toHaveLength(10);
    expect(stored.every((r) => r.usedAt === null && !fresh.includes(r.codeHash))).toBe(true);
    expect(await caller.identity.getSecurityOverview()).toMatchObject({ totp: { enabled: true }, recoveryCodesLeft: 10 });
    // Exactly one event, the regeneration, carrying no code.
    expect((await h.counts()).outbox).toBe(outboxBefore! + 1);
    const changed = await outboxFor("identity.second-factor.changed", userId);
    expect(changed.map((e) => e.payload)).toEqual([
      { userId, method: "totp", change: "enabled" },
      { userId, method: "recovery-codes", change: "regenerated" },
    ]);
    expect(fresh.some((c) => JSON.stringify(changed).includes(c))).toBe(false);

    expect((await trpcErrorOf(signInWith(email, old[1]!))).code).toBe("UNAUTHORIZED");
    expect((await signInWith(email, fresh[0]!)).status).toBe("authenticated");
    expect((await trpcErrorOf(signInWith(email, fresh[0]!))).code).toBe("UNAUTHORIZED");
    expect((await caller.identity.getSecurityOverview()).recoveryCodesLeft).toBe(9);
  });

  it("lets exactly one of two concurrent requests with the same code through, leaving one set of 10", async () => {
    const { userId, caller } = await signedInUser("regen-race");
    const { secret } = await enrolTotp(caller);
    const code = await unusedTotpCode(userId, secret);
    const outcomes = await Promise.allSettled([caller.identity.regenerateRecoveryCodes({ code }), caller.identity.regenerateRecoveryCodes({ code })]);
    const won = outcomes.filter((o) => o.status === "fulfilled");
    expect(won).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === "rejected")).toHaveLength(1);
    expect(await asPlatform(h.db, (tx) => tx.recoveryCode.count({ where: { userId } }))).toBe(10);
  });
});

describe("email and SMS codes", () => {
  it("signs in with a code sent by email (read from the SMTP server), single use", async () => {
    const { email, caller } = await signedInUser("mailcode");
    const [verification] = await mail.waitForMessages(email);
    await caller.identity.verifyEmail({ email, code: codeIn(verification!.Text) });
    await caller.identity.enableEmailSecondFactor();

    const challenge = await challengeFor(email);
    expect(challenge.methods).toEqual(["email"]);
    const anon = await h.caller();
    const sent = await anon.identity.sendSecondFactorCode({ challengeId: challenge.challengeId, method: "email" });
    expect(sent.sentTo).toMatch(/^m\*\*\*@identity\.test$/);
    const messages = await mail.waitForMessages(email, 2);
    const code = codeIn(messages[0]!.Text);
    const result = await anon.identity.completeSecondFactor({ challengeId: challenge.challengeId, method: "email", code });
    expect(result.status).toBe("authenticated");
    expect(await h.redis.exists(`idn:2fa:code:${challenge.challengeId}:email`)).toBe(0);
  });

  it("refuses email codes for an unverified address", async () => {
    const { caller } = await signedInUser("unverified");
    expect((await trpcErrorOf(caller.identity.enableEmailSecondFactor())).code).toBe("PRECONDITION_FAILED");
  });

  it("confirms a phone by SMS code, then signs in with an SMS code (read from the SMS log)", async () => {
    const { email, caller } = await signedInUser("smscode");
    const phone = uniquePhone();
    const started = await caller.identity.enableSmsSecondFactor({ phone });
    expect(started.sentTo).toBe(`${phone.slice(0, 3)}******${phone.slice(-4)}`);
    const [enrolSms] = await smsTo(phone);
    expect((await caller.identity.confirmSmsSecondFactor({ code: codeIn(enrolSms!.body) })).enabled).toBe(true);

    const challenge = await challengeFor(email);
    expect(challenge.methods).toEqual(["sms"]);
    const anon = await h.caller();
    await anon.identity.sendSecondFactorCode({ challengeId: challenge.challengeId, method: "sms" });
    const texts = await smsTo(phone);
    expect(texts).toHaveLength(2);
    const code = codeIn(texts[1]!.body);
    // A code for the wrong method, and an email request for an account without email codes, are refused.
    expect((await trpcErrorOf(anon.identity.sendSecondFactorCode({ challengeId: challenge.challengeId, method: "email" }))).code).toBe("BAD_REQUEST");
    expect((await anon.identity.completeSecondFactor({ challengeId: challenge.challengeId, method: "sms", code })).status).toBe("authenticated");
    expect(await caller.identity.getSecurityOverview()).toMatchObject({ sms: { enabled: true, phone: started.sentTo } });
  });
});

describe("Redis hygiene", () => {
  // Runs last in this file: by now every flow above has written its codes, challenges, caches and buckets.
  it("leaves no key without a TTL", async () => {
    const prefix = `test:identity_second_factor:${h.runId}:`;
    const keys = await h.redis.keys(`${prefix}*`); // KEYS patterns are not prefixed by ioredis
    expect(keys.some((k) => k.includes(":rl:"))).toBe(true);
    expect(keys.some((k) => k.includes(":idn:"))).toBe(true);
    const withoutTtl = [];
    // -1 = no TTL; -2 = expired since KEYS listed it, which is fine.
    for (const key of keys) if ((await h.redis.ttl(key.slice(prefix.length))) === -1) withoutTtl.push(key);
    expect(withoutTtl).toEqual([]);
  });
});
