import { randomBytes } from "node:crypto";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { signAccessToken, verifyAccessToken } from "./access-token";
import { jwtKeyring } from "./jwt-keys";

const key = jwtKeyring(randomBytes(32));
const claims = { userId: "7e6d5c4b-3a29-4817-a6f5-e4d3c2b1a098", sessionId: "5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e", platformRole: "OPERATOR" as const };

/** A token built by hand, for shapes signAccessToken never makes. */
const handMade = (payload: Record<string, unknown>, header: { alg: "HS256"; kid?: string }, signingKey: Uint8Array) =>
  new SignJWT(payload).setProtectedHeader(header).setSubject(claims.userId).setIssuer("bazaar").setAudience("bazaar-api").setExpirationTime("5m").sign(signingKey);

describe("access tokens", () => {
  it("carry sub, sid and prole for 15 minutes", async () => {
    const now = new Date();
    const { token, expiresAt } = await signAccessToken(key, claims, now);
    expect(expiresAt.getTime() - Math.floor(now.getTime() / 1000) * 1000).toBe(15 * 60 * 1000);
    expect(await verifyAccessToken(key, token)).toEqual(claims);
    const payload = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
    expect(payload).toMatchObject({ sub: claims.userId, sid: claims.sessionId, prole: "OPERATOR", iss: "bazaar", aud: "bazaar-api" });
  });

  it("are refused when expired, signed with another key, tampered with, or unsigned", async () => {
    const old = await signAccessToken(key, claims, new Date(Date.now() - 16 * 60 * 1000));
    expect(await verifyAccessToken(key, old.token)).toBeNull();
    const foreign = await signAccessToken(jwtKeyring(randomBytes(32)), claims);
    expect(await verifyAccessToken(key, foreign.token)).toBeNull();
    const { token } = await signAccessToken(key, claims);
    const [h, , s] = token.split(".");
    const forgedPayload = Buffer.from(JSON.stringify({ sub: claims.userId, sid: claims.sessionId, prole: "OPERATOR", iss: "bazaar", aud: "bazaar-api", exp: 9999999999 })).toString("base64url");
    expect(await verifyAccessToken(key, `${h}.${forgedPayload}.${s}`)).toBeNull();
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${forgedPayload}.`;
    expect(await verifyAccessToken(key, none)).toBeNull();
    expect(await verifyAccessToken(key, "not-a-jwt")).toBeNull();
  });

  it("refuses well-signed tokens with claims of the wrong shape", async () => {
    const bad = await handMade({ sid: "not-a-uuid", prole: "GOD" }, { alg: "HS256", kid: key.current.kid }, key.current.key);
    expect(await verifyAccessToken(key, bad)).toBeNull();
  });

  it("name their key, and verify with the previous key after a rotation until they expire", async () => {
    const oldSecret = randomBytes(32);
    const beforeRotation = jwtKeyring(oldSecret);
    const { token } = await signAccessToken(beforeRotation, claims);
    const header = JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()) as Record<string, unknown>;
    expect(header.kid).toBe(beforeRotation.current.kid);
    const afterRotation = jwtKeyring(randomBytes(32), oldSecret);
    expect(await verifyAccessToken(afterRotation, token)).toEqual(claims);
    // New tokens are signed with the new key only.
    const fresh = await signAccessToken(afterRotation, claims);
    expect(await verifyAccessToken(beforeRotation, fresh.token)).toBeNull();
    // Once the previous key is dropped, what it signed is refused.
    expect(await verifyAccessToken(jwtKeyring(afterRotation.current.key), token)).toBeNull();
  });

  it("refuse a token without a kid, or whose kid names another key", async () => {
    const unnamed = await handMade({ sid: claims.sessionId, prole: "NONE" }, { alg: "HS256" }, key.current.key);
    expect(await verifyAccessToken(key, unnamed)).toBeNull();
    const other = jwtKeyring(randomBytes(32));
    const misnamed = await handMade({ sid: claims.sessionId, prole: "NONE" }, { alg: "HS256", kid: key.current.kid }, other.current.key);
    expect(await verifyAccessToken(key, misnamed)).toBeNull();
  });
});
