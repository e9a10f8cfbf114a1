import { describe, expect, it } from "vitest";
import { apiEnvWithSecretsSchema, orderLinkEnv } from "../env";

// ORDER_LINK_SECRET has no committed default: production without it has none at all (no link is issued
// or accepted), tests get a random one, and a short value is refused.

const prod = { NODE_ENV: "production", JWT_SECRET: "j".repeat(40), TWO_FACTOR_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"), API_PROXY_SECRET: "p".repeat(40) };

describe("ORDER_LINK_SECRET", () => {
  it("stays unset in production when not configured (fails closed)", () => {
    expect(apiEnvWithSecretsSchema.parse(prod).ORDER_LINK_SECRET).toBeUndefined();
  });

  it("is taken as configured in production", () => {
    expect(apiEnvWithSecretsSchema.parse({ ...prod, ORDER_LINK_SECRET: "o".repeat(40) }).ORDER_LINK_SECRET).toBe("o".repeat(40));
  });

  it("is a random one per process in tests", () => {
    const secret = apiEnvWithSecretsSchema.parse({ NODE_ENV: "test" }).ORDER_LINK_SECRET;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{64}$/);
  });

  it("refuses a value shorter than 32 characters", () => {
    expect(apiEnvWithSecretsSchema.safeParse({ ...prod, ORDER_LINK_SECRET: "short" }).success).toBe(false);
  });
});

describe("orderLinkEnv (the workers' view)", () => {
  it("needs none of the API's other secrets and follows the same rules", () => {
    expect(orderLinkEnv({ NODE_ENV: "production", WEB_ORIGIN: "https://shop.example/x" })).toEqual({ WEB_ORIGIN: "https://shop.example", ORDER_LINK_SECRET: undefined });
    expect(orderLinkEnv({ NODE_ENV: "production", ORDER_LINK_SECRET: "o".repeat(40) }).ORDER_LINK_SECRET).toBe("o".repeat(40));
    expect(orderLinkEnv({ NODE_ENV: "test" }).ORDER_LINK_SECRET).toMatch(/^[A-Za-z0-9_-]{64}$/);
  });
});
