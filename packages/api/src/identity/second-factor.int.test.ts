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

    const row = await h.db.userSecondFactor.findUniqueOrThrow({ where: { userId } });
    expect(row.totpSecret).toMatch(/^v1\./);
    expect(row.totpSecret).not.toContain(secret);
    const stored = await h.db.recoveryCode.findMany({ where: { userId } });
    expect(stored.some((r) => recoveryCodes.includes(r.codeHash))).toBe(false);
    expect(await caller.identity.getSecurityOverview()).toMatchObject({ email, totp: { enabled: true }, recoveryCodesLeft: 10 });
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
    const session = await h.db.userSession.findUniqueOrThrow({ where: { id: signedIn.sessionId } });
    expect(session.secondFactor).toBe("totp");

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
