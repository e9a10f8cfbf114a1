import { describe, expect, it } from "vitest";
import { paymentsEnv, sandboxEnv, TEST_WEBHOOK_SECRET } from "./env";
import { activeProvider, providersFromEnv } from "./providers-from-env";

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
    expect(Object.keys(providersFromEnv(paymentsEnv({ NODE_ENV: "test" })))).toEqual(["sandbox"]);
    const all = paymentsEnv({
      NODE_ENV: "production",
      PAYMENTS_PROVIDER: "stripe",
      PAYMENTS_SANDBOX_WEBHOOK_SECRET: "whsec_a_production_like_secret_0001",
      STRIPE_SECRET_KEY: "sk_live_0123456789abcdef",
      STRIPE_WEBHOOK_SECRET: "whsec_0123456789abcdef",
      PAYSTACK_SECRET_KEY: "sk_live_0123456789abcdef",
    });
    expect(Object.keys(providersFromEnv(all)).sort()).toEqual(["paystack", "sandbox", "stripe"]);
    // Stripe without its webhook secret would accept webhooks it cannot verify: not configured at all.
    const paystack = paymentsEnv({ NODE_ENV: "production", PAYMENTS_PROVIDER: "paystack", PAYSTACK_SECRET_KEY: "sk_live_0123456789abcdef", STRIPE_SECRET_KEY: "sk_live_0123456789abcdef" });
    expect(Object.keys(providersFromEnv(paystack))).toEqual(["paystack"]);
  });

  it("charges through one chosen provider (PAYMENTS_PROVIDER), required in production and refused without its secrets", () => {
    expect(paymentsEnv({ NODE_ENV: "test" }).PAYMENTS_PROVIDER).toBe("sandbox");
    expect(activeProvider(paymentsEnv({ NODE_ENV: "test" })).name).toBe("sandbox");
    expect(() => paymentsEnv({ NODE_ENV: "production" })).toThrow(/PAYMENTS_PROVIDER is required in production/);
    expect(() => paymentsEnv({ NODE_ENV: "production", PAYMENTS_PROVIDER: "sandbox" })).toThrow(/PAYMENTS_PROVIDER=sandbox needs PAYMENTS_SANDBOX_WEBHOOK_SECRET/);
    expect(() => paymentsEnv({ NODE_ENV: "production", PAYMENTS_PROVIDER: "stripe", STRIPE_SECRET_KEY: "sk_live_0123456789abcdef" })).toThrow(/needs STRIPE_WEBHOOK_SECRET/);
    expect(() => paymentsEnv({ NODE_ENV: "test", PAYMENTS_PROVIDER: "paystack" })).toThrow(/needs PAYSTACK_SECRET_KEY/);
    expect(() => paymentsEnv({ NODE_ENV: "test", PAYMENTS_PROVIDER: "paypal" })).toThrow(/PAYMENTS_PROVIDER/);
    const stripe = paymentsEnv({ NODE_ENV: "production", PAYMENTS_PROVIDER: "stripe", STRIPE_SECRET_KEY: "sk_live_0123456789abcdef", STRIPE_WEBHOOK_SECRET: "whsec_0123456789abcdef" });
    expect(activeProvider(stripe).name).toBe("stripe");
  });
});
