import { asPlatform } from "@bazaar/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signAccessToken } from "./access-token";
import { identityConfig } from "./identity.config";
import { startIdentityHarness, uniqueEmail, type IdentityHarness } from "./identity.testing";
import { identityKeys } from "./redis-keys";
import { createSessionResolver } from "./session-resolver";

// Defence in depth for a leaked signing key: whoever can sign tokens still cannot choose a platform
// role (it is read from the database) or borrow another user's session id (it must be the subject's).

let h: IdentityHarness;
const PASSWORD = "resolver test password";

async function signedIn(name: string) {
  const email = uniqueEmail(h.runId, name);
  await (await h.caller()).identity.register({ email, password: PASSWORD, name });
  const result = await (await h.caller()).identity.login({ email, password: PASSWORD });
  if (result.status !== "authenticated") throw new Error(`expected authenticated, got ${result.status}`);
  return result;
}

const resolve = (token: string) => createSessionResolver({ db: h.db, redis: h.redis })(new Headers({ authorization: `Bearer ${token}` }));
const forge = async (userId: string, sessionId: string, platformRole: "NONE" | "SUPPORT" | "OPERATOR") =>
  (await signAccessToken(identityConfig().jwtKeys, { userId, sessionId, platformRole })).token;

beforeAll(async () => {
  h = await startIdentityHarness("identity_resolver");
});

afterAll(async () => {
  await h?.close();
});

describe("session resolver", () => {
  it("takes the platform role from the database, not from the token", async () => {
    const me = await signedIn("plain");
    const claimsOperator = await forge(me.user.id, me.sessionId, "OPERATOR");
    expect(await resolve(claimsOperator)).toEqual({ userId: me.user.id, sessionId: me.sessionId, platformRole: "NONE" });
  });

  it("sees a role change once the short cache entry is gone", async () => {
    const me = await signedIn("promoted");
    expect((await resolve(me.accessToken))?.platformRole).toBe("NONE");
    await asPlatform(h.db, (tx) => tx.user.update({ where: { id: me.user.id }, data: { platformRole: "SUPPORT" } }));
    // Stands for the entry's expiry (IDENTITY_LIMITS.revocationCacheSeconds) without waiting for it.
    await h.redis.del(identityKeys.session(me.sessionId));
    expect((await resolve(me.accessToken))?.platformRole).toBe("SUPPORT");
  });

  it("refuses a token whose session is someone else's, warm cache or cold, and leaves the owner signed in", async () => {
    const victim = await signedIn("victim");
    const attacker = await signedIn("attacker");
    // Warm: the victim's session is cached as active.
    expect(await resolve(victim.accessToken)).not.toBeNull();
    expect(await resolve(await forge(attacker.user.id, victim.sessionId, "NONE"))).toBeNull();
    // Cold: the first lookup of the session comes from the forged token.
    await h.redis.del(identityKeys.session(victim.sessionId));
    expect(await resolve(await forge(attacker.user.id, victim.sessionId, "NONE"))).toBeNull();
    expect(await resolve(victim.accessToken)).toEqual({ userId: victim.user.id, sessionId: victim.sessionId, platformRole: "NONE" });
  });

  it("refuses every session of a locked user", async () => {
    const me = await signedIn("locked");
    await asPlatform(h.db, (tx) => tx.user.update({ where: { id: me.user.id }, data: { status: "LOCKED" } }));
    await h.redis.del(identityKeys.session(me.sessionId));
    expect(await resolve(me.accessToken)).toBeNull();
  });
});
