import { PaystackProvider } from "./adapters/paystack.adapter";
import { SandboxProvider } from "./adapters/sandbox.adapter";
import { StripeProvider } from "./adapters/stripe.adapter";
import type { PaymentsEnv } from "./env";
import type { PaymentProvider, ProviderName } from "./provider";

/** Every provider whose credentials are present; the others stay unconfigured (their webhooks get 404). */
export function providersFromEnv(env: PaymentsEnv): Partial<Record<ProviderName, PaymentProvider>> {
  const providers: Partial<Record<ProviderName, PaymentProvider>> = {};
  if (env.PAYMENTS_SANDBOX_WEBHOOK_SECRET) {
    providers.sandbox = new SandboxProvider({ baseUrl: env.PAYMENTS_SANDBOX_URL, webhookSecret: env.PAYMENTS_SANDBOX_WEBHOOK_SECRET });
  }
  if (env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET) {
    providers.stripe = new StripeProvider({ secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET });
  }
  if (env.PAYSTACK_SECRET_KEY) providers.paystack = new PaystackProvider({ secretKey: env.PAYSTACK_SECRET_KEY });
  return providers;
}

/**
 * The installation's provider (PAYMENTS_PROVIDER), configured: what checkout charges and payouts
 * transfer through. The env schema already refused a choice without its secrets.
 */
export function activeProvider(env: PaymentsEnv, providers = providersFromEnv(env)): PaymentProvider {
  const provider = providers[env.PAYMENTS_PROVIDER];
  if (!provider) throw new Error(`PAYMENTS_PROVIDER=${env.PAYMENTS_PROVIDER} is not configured`);
  return provider;
}
