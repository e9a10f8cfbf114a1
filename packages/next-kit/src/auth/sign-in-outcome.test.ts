import { describe, expect, it } from "vitest";

import { decodeSignInOutcome, encodeSignInOutcome, type SignInOutcome } from "./sign-in-outcome";

describe("sign-in outcomes across next-auth", () => {
  it("round-trips a second-factor challenge", () => {
    const challenge: SignInOutcome = { kind: "second-factor", challengeId: "0b9e5f0e-6b0e-4e8a-9d53-3f0a0c1d2e3f", methods: ["totp", "recovery"], expiresAt: "2026-11-23T10:05:00.000Z" };
    expect(decodeSignInOutcome(encodeSignInOutcome(challenge))).toEqual(challenge);
  });

  it("round-trips a refusal with field errors and a wait", () => {
    const refusal: SignInOutcome = { kind: "error", code: "TOO_MANY_REQUESTS", message: "Too many attempts. Try again in 40 seconds.", fieldErrors: { email: "a valid email address" }, retryAfter: 40 };
    expect(decodeSignInOutcome(encodeSignInOutcome(refusal))).toEqual(refusal);
  });

  it("drops second-factor methods it does not know", () => {
    const raw = JSON.stringify({ kind: "second-factor", challengeId: "c", methods: ["totp", "carrier-pigeon"], expiresAt: "x" });
    expect(decodeSignInOutcome(raw)).toMatchObject({ methods: ["totp"] });
  });

  it.each([["CredentialsSignin"], [null], [undefined], ["{not json"]])("turns next-auth's own error %s into a generic refusal", (raw) => {
    expect(decodeSignInOutcome(raw)).toEqual({ kind: "error", code: "UNKNOWN", message: "Sign-in failed. Please try again.", fieldErrors: {}, retryAfter: null });
  });
});
