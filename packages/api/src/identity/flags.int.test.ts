import { asPlatform } from "@bazaar/db";
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FLAG_RULES } from "./flag-rules";
import { startIdentityHarness, trpcErrorOf, uniqueEmail, type IdentityHarness } from "./identity.testing";

let h: IdentityHarness;
const PASSWORD = "flagging test password";
let operatorToken = "";
let supportToken = "";

async function account(name: string, platformRole: "NONE" | "SUPPORT" | "OPERATOR" = "NONE") {
  const email = uniqueEmail(h.runId, name);
  const { userId } = await (await h.caller()).identity.register({ email, password: PASSWORD, name });
  if (platformRole !== "NONE") await asPlatform(h.db, (tx) => tx.user.update({ where: { id: userId }, data: { platformRole } }));
  return { email, userId };
}

async function tokenFor(email: string, address?: string) {
  const result = await (await h.caller(address ? { address } : {})).identity.login({ email, password: PASSWORD });
  if (result.status !== "authenticated") throw new Error(result.status);
  return result;
}

async function outboxOf(type: string) {
  return (await asPlatform(h.db, (tx) => tx.outboxEvent.findMany({ where: { type }, orderBy: { position: "asc" } }))).map((e) => e.envelope as { payload: Record<string, unknown> });
}

beforeAll(async () => {
  h = await startIdentityHarness("identity_flags");
  operatorToken = (await tokenFor((await account("olive", "OPERATOR")).email)).accessToken;
  supportToken = (await tokenFor((await account("sam", "SUPPORT")).email)).accessToken;
});

afterAll(async () => {
  await h?.close();
});

describe("failed sign-ins across accounts from one address", () => {
  const attacker = "203.0.113.66";

  it("raise one flag with evidence and an identity.identity.flagged event", async () => {
    const { failures, accounts } = FLAG_RULES.failedLoginsAcrossAccounts;
    const caller = await h.caller({ address: attacker });
    for (let i = 0; i < failures + 2; i++) {
      const email = uniqueEmail(h.runId, `victim${i % accounts}`);
      expect((await trpcErrorOf(caller.identity.login({ email, password: "password123!" }))).code).toBe("UNAUTHORIZED");
    }
    const flags = await asPlatform(h.db, (tx) => tx.identityFlag.findMany({ where: { subjectValue: attacker } }));
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ subjectType: "ADDRESS", rule: "failed-logins-across-accounts", status: "OPEN" });
    expect((flags[0]!.evidence as { accounts: string[] }).accounts).toHaveLength(accounts);
    const events = await outboxOf("identity.identity.flagged");
    expect(events.filter((e) => e.payload.subjectValue === attacker)).toHaveLength(1);
  });

  it("appear in the operator queue; support may look, only an operator may decide, a customer may do neither", async () => {
    const queue = await (await h.caller({ bearer: supportToken })).identity.listFlaggedIdentities({ status: "OPEN" });
    const flag = queue.items.find((f) => f.subjectValue === attacker);
    expect(flag).toMatchObject({ rule: "failed-logins-across-accounts", subjectUser: null });
    const decision = { flagId: flag!.id, decision: "lock" as const, note: "credential stuffing" };
    expect((await trpcErrorOf((await h.caller({ bearer: supportToken })).identity.decideFlag(decision))).code).toBe("FORBIDDEN");
    const customer = (await tokenFor((await account("carl")).email)).accessToken;
    expect((await trpcErrorOf((await h.caller({ bearer: customer })).identity.listFlaggedIdentities())).code).toBe("FORBIDDEN");
    expect((await trpcErrorOf((await h.caller()).identity.listFlaggedIdentities())).code).toBe("UNAUTHORIZED");
  });

  it("once locked, refuse sign-in and sign-up from the address until an operator clears the lock", async () => {
    const operator = await h.caller({ bearer: operatorToken });
    const flag = (await operator.identity.listFlaggedIdentities({ status: "OPEN" })).items.find((f) => f.subjectValue === attacker)!;
    const { email } = await account("bystander");

    const locked = await operator.identity.decideFlag({ flagId: flag.id, decision: "lock", note: "credential stuffing" });
    expect(locked).toMatchObject({ status: "LOCKED", lockedUserIds: [] });
    const fromAttacker = await h.caller({ address: attacker });
    expect((await trpcErrorOf(fromAttacker.identity.login({ email, password: PASSWORD }))).code).toBe("FORBIDDEN");
    expect((await trpcErrorOf(fromAttacker.identity.register({ email: uniqueEmail(h.runId, "new"), password: PASSWORD, name: "N" }))).code).toBe("FORBIDDEN");
    expect((await tokenFor(email)).status).toBe("authenticated"); // elsewhere, the account works

    expect((await trpcErrorOf(operator.identity.decideFlag({ flagId: flag.id, decision: "lock", note: "again" }))).code).toBe("CONFLICT");
    expect(await operator.identity.decideFlag({ flagId: flag.id, decision: "clear", note: "shared office NAT" })).toMatchObject({ status: "CLEARED" });
    expect((await tokenFor(email, attacker)).status).toBe("authenticated");

    const decided = (await outboxOf("identity.flag.decided")).filter((e) => e.payload.flagId === flag.id);
    expect(decided.map((e) => [e.payload.decision, e.payload.note])).toEqual([
      ["lock", "credential stuffing"],
      ["clear", "shared office NAT"],
    ]);
  });
});

describe("a burst of wrong second factors on one account", () => {
  it("flags the user; locking it revokes its sessions and refuses sign-in; clearing unlocks", async () => {
    const { email, userId } = await account("targeted");
    const first = await tokenFor(email);
    const self = await h.caller({ bearer: first.accessToken });
    const enrolment = await self.identity.beginTotpEnrollment();
    const secret = new URL(enrolment.otpauthUrl).searchParams.get("secret")!;
    await self.identity.confirmTotpEnrollment({ code: await generate({ secret }) });

    const wrong = async () => {
      const challenge = await (await h.caller()).identity.login({ email, password: PASSWORD });
      if (challenge.status !== "second-factor-required") throw new Error(challenge.status);
      const good = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
      const code = good === "000000" ? "111111" : "000000";
      await trpcErrorOf((await h.caller()).identity.completeSecondFactor({ challengeId: challenge.challengeId, method: "totp", code }));
    };
    for (let i = 0; i < FLAG_RULES.secondFactorBurst.failures; i++) await wrong();

    const operator = await h.caller({ bearer: operatorToken });
    const flag = (await operator.identity.listFlaggedIdentities({ status: "OPEN" })).items.find((f) => f.subjectValue === userId);
    expect(flag).toMatchObject({ subjectType: "USER", rule: "second-factor-burst", subjectUser: { email, status: "ACTIVE" } });

    const locked = await operator.identity.decideFlag({ flagId: flag!.id, decision: "lock", note: "account takeover attempt" });
    expect(locked).toMatchObject({ lockedUserIds: [userId], revokedSessions: 1 });
    expect((await asPlatform(h.db, (tx) => tx.user.findUniqueOrThrow({ where: { id: userId } }))).status).toBe("LOCKED");
    // A new request with the old access token: its session is revoked (contexts resolve once per request).
    expect((await trpcErrorOf((await h.caller({ bearer: first.accessToken })).identity.listSessions())).code).toBe("UNAUTHORIZED");
    expect((await trpcErrorOf((await h.caller()).identity.refresh({ refreshToken: first.refreshToken }))).code).toBe("UNAUTHORIZED");
    const refused = await trpcErrorOf((await h.caller()).identity.login({ email, password: PASSWORD }));
    expect([refused.code, refused.message]).toEqual(["FORBIDDEN", "this account is locked; contact support"]);

    const cleared = await operator.identity.decideFlag({ flagId: flag!.id, decision: "clear", note: "owner confirmed by phone" });
    expect(cleared.unlockedUserIds).toEqual([userId]);
    expect((await asPlatform(h.db, (tx) => tx.user.findUniqueOrThrow({ where: { id: userId } }))).status).toBe("ACTIVE");
    const decided = (await outboxOf("identity.flag.decided")).filter((e) => e.payload.flagId === flag!.id);
    expect(decided.map((e) => [e.payload.decision, e.payload.decidedBy !== undefined, e.payload.lockedUserIds, e.payload.unlockedUserIds])).toEqual([
      ["lock", true, [userId], []],
      ["clear", true, [], [userId]],
    ]);
  });
});

describe("many sign-ups from one device", () => {
  it("flag the device with the accounts it created; locking locks them all", async () => {
    const deviceId = `farm-device-${h.runId}`;
    const ids: string[] = [];
    for (let i = 0; i < FLAG_RULES.signupsPerDevice.signups; i++) {
      const { userId } = await (await h.caller()).identity.register({ email: uniqueEmail(h.runId, `farm${i}`), password: PASSWORD, name: `Farm ${i}`, deviceId });
      ids.push(userId);
    }
    const operator = await h.caller({ bearer: operatorToken });
    const flag = (await operator.identity.listFlaggedIdentities()).items.find((f) => f.subjectValue === deviceId);
    expect(flag).toMatchObject({ subjectType: "DEVICE", rule: "signups-per-device", status: "OPEN" });
    expect((flag!.evidence as { userIds: string[] }).userIds).toEqual([...ids].sort());

    const locked = await operator.identity.decideFlag({ flagId: flag!.id, decision: "lock", note: "fake accounts" });
    expect([...locked.lockedUserIds].sort()).toEqual([...ids].sort());
    expect(await asPlatform(h.db, (tx) => tx.user.count({ where: { id: { in: ids }, status: "LOCKED" } }))).toBe(ids.length);
    const again = await trpcErrorOf((await h.caller()).identity.register({ email: uniqueEmail(h.runId, "farm-more"), password: PASSWORD, name: "More", deviceId }));
    expect(again.code).toBe("FORBIDDEN");
  });

  it("rejects bad decisions with typed errors and changes nothing", async () => {
    const operator = await h.caller({ bearer: operatorToken });
    const before = await h.counts();
    expect((await trpcErrorOf(operator.identity.decideFlag({ flagId: "not-a-uuid", decision: "lock", note: "x" }))).code).toBe("BAD_REQUEST");
    expect((await trpcErrorOf(operator.identity.decideFlag({ flagId: crypto.randomUUID(), decision: "lock", note: "x" }))).code).toBe("NOT_FOUND");
    const flag = (await operator.identity.listFlaggedIdentities({ limit: 1 })).items[0]!;
    expect((await trpcErrorOf(operator.identity.decideFlag({ flagId: flag.id, decision: "clear", note: "" }))).code).toBe("BAD_REQUEST");
    expect(await h.counts()).toEqual(before);
  });
});

describe("identity_flags storage", () => {
  it("answers only in platform context, and the application role cannot delete a flag", async () => {
    const inPlatform = await asPlatform(h.db, (tx) => tx.identityFlag.count());
    expect(inPlatform).toBeGreaterThan(0);
    expect(await h.db.identityFlag.count()).toBe(0);
    const refused = await asPlatform(h.db, (tx) => tx.$executeRaw`DELETE FROM identity_flags`).catch((e: unknown) => e);
    expect(String(refused)).toMatch(/permission denied/);
    expect(await asPlatform(h.db, (tx) => tx.identityFlag.count())).toBe(inPlatform);
  });
});
