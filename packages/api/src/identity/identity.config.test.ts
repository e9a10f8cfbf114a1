import { describe, expect, it } from "vitest";
import { apiEnvWithSecretsSchema } from "../env";

const key = Buffer.alloc(32, 7).toString("base64");

describe("identity secrets in the API environment", () => {
  it("refuses to start in production without JWT_SECRET and TWO_FACTOR_ENCRYPTION_KEY", () => {
    const result = apiEnvWithSecretsSchema.safeParse({ NODE_ENV: "production" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path[0]).sort()).toEqual(["JWT_SECRET", "TWO_FACTOR_ENCRYPTION_KEY"]);
  });

  it("accepts real secrets in production and fills development defaults elsewhere", () => {
    const prod = apiEnvWithSecretsSchema.parse({ NODE_ENV: "production", JWT_SECRET: "s".repeat(48), TWO_FACTOR_ENCRYPTION_KEY: key });
    expect(prod.JWT_SECRET).toBe("s".repeat(48));
    const dev = apiEnvWithSecretsSchema.parse({ NODE_ENV: "test" });
    expect(dev.JWT_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(Buffer.from(dev.TWO_FACTOR_ENCRYPTION_KEY, "base64")).toHaveLength(32);
  });

  it("refuses a short JWT secret, a key that is not 32 bytes, and a malformed proxy list", () => {
    expect(apiEnvWithSecretsSchema.safeParse({ JWT_SECRET: "too-short" }).success).toBe(false);
    expect(apiEnvWithSecretsSchema.safeParse({ TWO_FACTOR_ENCRYPTION_KEY: Buffer.alloc(16).toString("base64") }).success).toBe(false);
    expect(apiEnvWithSecretsSchema.safeParse({ TRUSTED_PROXIES: "10.0.0.0/8, not-an-ip" }).success).toBe(false);
    expect(apiEnvWithSecretsSchema.parse({ TRUSTED_PROXIES: "10.0.0.0/8, ::1" }).TRUSTED_PROXIES).toEqual(["10.0.0.0/8", "::1"]);
  });
});
