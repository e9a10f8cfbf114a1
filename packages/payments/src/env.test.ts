import { describe, expect, it } from "vitest";
import { paymentsEnv, sandboxEnv, TEST_WEBHOOK_SECRET } from "./env";
import { providersFromEnv } from "./providers-from-env";

describe("payments environment (fail closed)", () => {
  // (Development's generated secret comes from a file: covered by @bazaar/config's dev-secrets tests.)
  it("the sandbox refuses to start in production without a webhook secret, or with the published test one", () => {
    expect(() => sandboxEnv({ NODE_ENV: "production" })).toThrow(/PAYMENTS_SANDBOX_WEBHOOK_SECRET is required in production/);
    expect(() => sandboxEnv({ NODE_ENV: "production", PAYMENTS_SANDBOX_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET })).toThrow(/published test value/);
    expect(() => paymentsEnv({ NODE_ENV: "development", PAYMENTS_SANDBOX_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET })).toThrow(/published test value/);
    expect(() => sandboxEnv({ NODE_ENV: "development", PAYMENTS_SANDBOX_WEBHOOK_SECRET: "short" })).toThrow(/at least 24/);
    expect(sandboxEnv({ NODE_ENV: "test" }).PAYMENTS_SANDBOX_WEBHOOK_SECRET).toBe(TEST_WEBHOOK_SECRET);
    expect(sandboxEnv({ NODE_ENV: "development", PAYMENTS_SANDBOX_WEBHOOK_SECRET: "whsec_a_local_secret_of_enough_length" })).toMatchObject({ PAYMENTS_SANDBOX_PORT: 4200, PAYMENTS_SANDBOX_CHAOS: "off" });
  });

  it("the platform configures only the providers whose secrets are present", () => {
    expect(Object.keys(providersFromEnv(paymentsEnv({ NODE_ENV: "production" })))).toEqual([]);
    expect(Object.keys(providersFromEnv(paymentsEnv({ NODE_ENV: "test" })))).toEqual(["sandbox"]);
    const all = paymentsEnv({
      NODE_ENV: "production",
      PAYMENTS_SANDBOX_WEBHOOK_SECRET: "whsec_a_production_like_secret_0001",
      STRIPE_SECRET_KEY: "sk_live_0123456789abcdef",
      STRIPE_WEBHOOK_SECRET: "whsec_0123456789abcdef",
      PAYSTACK_SECRET_KEY: "sk_live_0123456789abcdef",
    });
    expect(Object.keys(providersFromEnv(all)).sort()).toEqual(["paystack", "sandbox", "stripe"]);
    // Stripe without its webhook secret would accept webhooks it cannot verify: not configured at all.
    expect(Object.keys(providersFromEnv(paymentsEnv({ NODE_ENV: "production", STRIPE_SECRET_KEY: "sk_live_0123456789abcdef" })))).toEqual([]);
  });
});
