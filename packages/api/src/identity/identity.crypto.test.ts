import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { codeDigest, decryptSecret, encryptSecret, normalizeRecoveryCode, recoveryCode, sixDigitCode } from "./identity.crypto";

const key = randomBytes(32);

describe("encryptSecret / decryptSecret", () => {
  it("round-trips, and never produces the same ciphertext twice", () => {
    const a = encryptSecret(key, "JBSWY3DPEHPK3PXP", "user-1");
    const b = encryptSecret(key, "JBSWY3DPEHPK3PXP", "user-1");
    expect(a).not.toBe(b);
    expect(a).not.toContain("JBSWY3DPEHPK3PXP");
    expect(decryptSecret(key, a, "user-1")).toBe("JBSWY3DPEHPK3PXP");
  });

  it("refuses another user's ciphertext, a tampered one and the wrong key", () => {
    const sealed = encryptSecret(key, "secret", "user-1");
    // Node's AES-GCM answer for any authentication failure; a different error would be a different bug.
    const refused = "Unsupported state or unable to authenticate data";
    expect(() => decryptSecret(key, sealed, "user-2")).toThrow(refused);
    const [v, iv, tag, body] = sealed.split(".");
    const flipped = Buffer.from(body!, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(() => decryptSecret(key, [v, iv, tag, flipped.toString("base64url")].join("."), "user-1")).toThrow(refused);
    expect(() => decryptSecret(randomBytes(32), sealed, "user-1")).toThrow(refused);
    expect(() => decryptSecret(key, `v9.${sealed.slice(3)}`, "user-1")).toThrow("unrecognised ciphertext");
  });
});

describe("codes", () => {
  it("makes six-digit codes and XXXXX-XXXXX recovery codes without look-alike letters", () => {
    for (let i = 0; i < 200; i++) {
      expect(sixDigitCode()).toMatch(/^\d{6}$/);
      expect(recoveryCode()).toMatch(/^[A-HJKMNP-TV-Z0-9]{5}-[A-HJKMNP-TV-Z0-9]{5}$/);
    }
  });

  it("forgives case, spaces and a missing dash in a typed recovery code", () => {
    expect(normalizeRecoveryCode("abcde 12345")).toBe("ABCDE-12345");
    expect(normalizeRecoveryCode("ABCDE12345")).toBe("ABCDE-12345");
  });

  it("keys code digests by purpose and key", () => {
    expect(codeDigest(key, "a", "123456")).toBe(codeDigest(key, "a", "123456"));
    expect(codeDigest(key, "a", "123456")).not.toBe(codeDigest(key, "b", "123456"));
    expect(codeDigest(key, "a", "123456")).not.toBe(codeDigest(randomBytes(32), "a", "123456"));
  });
});
