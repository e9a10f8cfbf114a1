import { describe, expect, it } from "vitest";
import { apiEnvWithSecretsSchema } from "../env";

const key = Buffer.alloc(32, 7).toString("base64");
const PUBLISHED_JWT = "bazaar-development-only-jwt-secret-0123456789";
const PUBLISHED_2FA = Buffer.from("bazaar-dev-only-2fa-key-32-bytes").toString("base64");

describe("identity secrets in the API environment", () => {
  it("refuses to start in production without JWT_SECRET, TWO_FACTOR_ENCRYPTION_KEY and API_PROXY_SECRET", () => {
    const result = apiEnvWithSecretsSchema.safeParse({ NODE_ENV: "production" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path[0]).sort()).toEqual(["API_PROXY_SECRET", "JWT_SECRET", "TWO_FACTOR_ENCRYPTION_KEY"]);
  });

  it("accepts real secrets in production, with a previous JWT key for rotation", () => {
    const prod = apiEnvWithSecretsSchema.parse({ NODE_ENV: "production", JWT_SECRET: "s".repeat(48), JWT_PREVIOUS_SECRET: "p".repeat(48), TWO_FACTOR_ENCRYPTION_KEY: key, API_PROXY_SECRET: "x".repeat(48) });
    expect(prod.JWT_SECRET).toBe("s".repeat(48));
    expect(prod.JWT_PREVIOUS_SECRET).toBe("p".repeat(48));
  });

  it("gives tests random keys of the right shape, different from any published value", () => {
    const test = apiEnvWithSecretsSchema.parse({ NODE_ENV: "test" });
    expect(test.JWT_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(test.JWT_SECRET).not.toBe(PUBLISHED_JWT);
    expect(Buffer.from(test.TWO_FACTOR_ENCRYPTION_KEY, "base64")).toHaveLength(32);
  });

  it("refuses a published development value everywhere but in tests", () => {
    for (const NODE_ENV of ["development", "production"]) {
      const result = apiEnvWithSecretsSchema.safeParse({ NODE_ENV, JWT_SECRET: PUBLISHED_JWT, TWO_FACTOR_ENCRYPTION_KEY: PUBLISHED_2FA, JWT_PREVIOUS_SECRET: PUBLISHED_JWT, API_PROXY_SECRET: "x".repeat(48) });
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((i) => i.path[0]).sort()).toEqual(["JWT_PREVIOUS_SECRET", "JWT_SECRET", "TWO_FACTOR_ENCRYPTION_KEY"]);
    }
    expect(apiEnvWithSecretsSchema.safeParse({ NODE_ENV: "test", JWT_SECRET: PUBLISHED_JWT, TWO_FACTOR_ENCRYPTION_KEY: PUBLISHED_2FA }).success).toBe(true);
  });

  it("refuses a short JWT secret, a key that is not 32 bytes, and a malformed proxy list", () => {
    const base = { NODE_ENV: "test" };
    expect(apiEnvWithSecretsSchema.safeParse({ ...base, JWT_SECRET: "too-short" }).success).toBe(false);
    expect(apiEnvWithSecretsSchema.safeParse({ ...base, JWT_PREVIOUS_SECRET: "too-short" }).success).toBe(false);
    expect(apiEnvWithSecretsSchema.safeParse({ ...base, TWO_FACTOR_ENCRYPTION_KEY: Buffer.alloc(16).toString("base64") }).success).toBe(false);
    expect(apiEnvWithSecretsSchema.safeParse({ ...base, TRUSTED_PROXIES: "10.0.0.0/8, not-an-ip" }).success).toBe(false);
    expect(apiEnvWithSecretsSchema.parse({ ...base, TRUSTED_PROXIES: "10.0.0.0/8, ::1" }).TRUSTED_PROXIES).toEqual(["10.0.0.0/8", "::1"]);
  });
});
