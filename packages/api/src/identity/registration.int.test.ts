import { asPlatform } from "@bazaar/db";
import { mailpit } from "@bazaar/notifications/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeIn, startIdentityHarness, trpcErrorOf, uniqueEmail, type IdentityHarness } from "./identity.testing";

let h: IdentityHarness;
const mail = mailpit();

beforeAll(async () => {
  h = await startIdentityHarness("identity_registration");
});

afterAll(async () => {
  await h?.close();
});

describe("register → verification email → verifyEmail", () => {
  it("creates the user with an argon2id hash and the registered event in one transaction, then mails a code and a link", async () => {
    const email = uniqueEmail(h.runId, "ada");
    const caller = await h.caller();
    const { userId } = await caller.identity.register({ email: email.toUpperCase(), password: "correct horse battery", name: "Ada Lovelace" });

    const user = await asPlatform(h.db, (tx) => tx.user.findUniqueOrThrow({ where: { id: userId } }));
    expect(user.email).toBe(email);
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=1\$/);
    expect(user.emailVerifiedAt).toBeNull();
    const events = await asPlatform(h.db, (tx) => tx.outboxEvent.findMany({ where: { type: "identity.user.registered", key: userId } }));
    expect(events).toHaveLength(1);
    expect(events[0]!.envelope).toMatchObject({ payload: { userId, email, name: "Ada Lovelace" }, aggregate: { type: "user", id: userId } });

    const [message] = await mail.waitForMessages(email);
    expect(message!.Text).toContain("Ada Lovelace");
    const link = /https?:\/\/\S+\/verify-email\?\S+/.exec(message!.Text)?.[0];
    expect(link).toBeDefined();
    const token = new URL(link!).searchParams.get("token");
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // A wrong code is refused and leaves the account unverified; the right one verifies it, once.
    const wrong = codeIn(message!.Text) === "000000" ? "111111" : "000000";
    expect((await trpcErrorOf(caller.identity.verifyEmail({ email, code: wrong }))).code).toBe("BAD_REQUEST");
    expect(await caller.identity.verifyEmail({ email, code: codeIn(message!.Text) })).toEqual({ verified: true });
    expect((await asPlatform(h.db, (tx) => tx.user.findUniqueOrThrow({ where: { id: userId } }))).emailVerifiedAt).toBeInstanceOf(Date);
  });

  it("verifies through the link's token too, and a resent email replaces the first code", async () => {
    const email = uniqueEmail(h.runId, "grace");
    const caller = await h.caller();
    const { userId } = await caller.identity.register({ email, password: "a long enough password", name: "Grace Hopper" });
    const [first] = await mail.waitForMessages(email, 1);
    expect(await caller.identity.resendVerification({ email })).toEqual({ sent: true });
    const messages = await mail.waitForMessages(email, 2);
    const newest = messages[0]!;
    expect(newest.ID).not.toBe(first!.ID);
    const firstCode = codeIn(first!.Text);
    if (firstCode !== codeIn(newest.Text)) {
      expect((await trpcErrorOf(caller.identity.verifyEmail({ email, code: firstCode }))).code).toBe("BAD_REQUEST");
    }
    const token = new URL(/https?:\/\/\S+\/verify-email\?\S+/.exec(newest.Text)![0]).searchParams.get("token")!;
    expect(await caller.identity.verifyEmail({ email, token })).toEqual({ verified: true });
    expect((await asPlatform(h.db, (tx) => tx.user.findUniqueOrThrow({ where: { id: userId } }))).emailVerifiedAt).toBeInstanceOf(Date);
  });

  it("answers resendVerification the same for unknown addresses and sends nothing", async () => {
    const email = uniqueEmail(h.runId, "nobody");
    expect(await (await h.caller()).identity.resendVerification({ email })).toEqual({ sent: true });
    expect(await mail.messagesTo(email)).toEqual([]);
  });

  it("refuses a taken email with CONFLICT and writes nothing", async () => {
    const email = uniqueEmail(h.runId, "twice");
    const caller = await h.caller();
    await caller.identity.register({ email, password: "first password!", name: "First" });
    const before = await h.counts();
    const error = await trpcErrorOf(caller.identity.register({ email, password: "second password!", name: "Second" }));
    expect(error.code).toBe("CONFLICT");
    expect(await h.counts()).toEqual(before);
  });
});

describe("bad input", () => {
  it("gets BAD_REQUEST with zod issues and changes nothing", async () => {
    const caller = await h.caller();
    const before = await h.counts();
    const cases = [
      { call: () => caller.identity.register({ email: "not-an-email", password: "long enough pw", name: "X" }), path: "email" },
      { call: () => caller.identity.register({ email: uniqueEmail(h.runId, "short"), password: "short", name: "X" }), path: "password" },
      { call: () => caller.identity.register({ email: uniqueEmail(h.runId, "noname"), password: "long enough pw", name: "  " }), path: "name" },
      { call: () => caller.identity.login({ email: "x@y.z", password: "" }), path: "password" },
      { call: () => caller.identity.refresh({ refreshToken: "short" }), path: "refreshToken" },
      { call: () => caller.identity.completeSecondFactor({ challengeId: "nope", method: "totp", code: "12" }), path: "challengeId" },
    ];
    for (const c of cases) {
      const error = await trpcErrorOf(c.call());
      expect(error.code).toBe("BAD_REQUEST");
      const issues = (error.cause as { issues?: { path: PropertyKey[] }[] }).issues ?? [];
      expect(issues.map((i) => i.path[0])).toContain(c.path);
    }
    expect(await h.counts()).toEqual(before);
  });
});
