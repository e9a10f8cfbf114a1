import { randomBytes } from "node:crypto";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { signAccessToken, verifyAccessToken } from "./access-token";

const key = randomBytes(32);
const claims = { userId: "7e6d5c4b-3a29-4817-a6f5-e4d3c2b1a098", sessionId: "5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e", platformRole: "OPERATOR" as const };

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
    const foreign = await signAccessToken(randomBytes(32), claims);
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
    const bad = await new SignJWT({ sid: "not-a-uuid", prole: "GOD" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(claims.userId)
      .setIssuer("bazaar")
      .setAudience("bazaar-api")
      .setExpirationTime("5m")
      .sign(key);
    expect(await verifyAccessToken(key, bad)).toBeNull();
  });
});
