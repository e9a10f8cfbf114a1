import { describe, expect, it } from "vitest";
import { ARGON2ID_PARAMS, hashPassword, needsRehash, verifyPassword } from "./password";

describe("password hashing", () => {
  it("uses argon2id with the stated cost and verifies only the right password", async () => {
    const stored = await hashPassword("correct horse battery staple");
    const { memoryCost: m, timeCost: t, parallelism: p } = ARGON2ID_PARAMS;
    expect(stored.startsWith(`$argon2id$v=19$m=${m},t=${t},p=${p}$`)).toBe(true);
    expect(await verifyPassword(stored, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(stored, "correct horse battery stapler")).toBe(false);
    expect(await verifyPassword("not a hash", "anything")).toBe(false);
    expect(needsRehash(stored)).toBe(false);
  });

  it("asks for a rehash of weaker or foreign hashes", () => {
    expect(needsRehash("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA")).toBe(true);
    expect(needsRehash("$2b$12$abcdefghijklmnopqrstuv")).toBe(true);
  });
});
