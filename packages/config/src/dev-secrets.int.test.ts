import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultDevSecretsFile, developmentSecrets, isKnownDevelopmentSecret } from "./dev-secrets";

// Integration rather than unit: these write files (in a fresh temporary folder each).
const freshDir = () => mkdtempSync(join(tmpdir(), "bazaar-dev-secrets-"));

describe("developmentSecrets", () => {
  it("generates every secret once per installation, private to its owner, and reads the same ones back", () => {
    const file = join(freshDir(), ".data", "dev-secrets.env");
    const first = developmentSecrets(file);
    expect(first.JWT_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(Buffer.from(first.TWO_FACTOR_ENCRYPTION_KEY, "base64")).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).toContain(`JWT_SECRET=${first.JWT_SECRET}`);
    // Another installation gets other values.
    expect(developmentSecrets(join(freshDir(), "s.env")).JWT_SECRET).not.toBe(first.JWT_SECRET);
  });

  it("keeps the values an older file has and adds the names it lacks", () => {
    const file = join(freshDir(), "s.env");
    writeFileSync(file, "JWT_SECRET=kept-from-an-older-checkout-0123456789abcdef\n");
    const secrets = developmentSecrets(file);
    expect(secrets.JWT_SECRET).toBe("kept-from-an-older-checkout-0123456789abcdef");
    expect(secrets.API_PROXY_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(file, "utf8")).toContain("API_PROXY_SECRET=");
  });

  it("finds the workspace root from a package folder", () => {
    expect(defaultDevSecretsFile(join(import.meta.dirname, ".."))).toMatch(/\/\.data\/dev-secrets\.env$/);
    expect(defaultDevSecretsFile(import.meta.dirname)).not.toContain("packages/config/.data");
  });

  it("recognises the values that were once committed", () => {
    expect(isKnownDevelopmentSecret("bazaar-development-only-jwt-secret-0123456789")).toBe(true);
    expect(isKnownDevelopmentSecret("something-random-and-long-enough-0123456789")).toBe(false);
    expect(isKnownDevelopmentSecret(undefined)).toBe(false);
  });
});
