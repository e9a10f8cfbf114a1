export * from "./provider";
export { stripeSignature, stripeSignatureHeader, verifyStripeSignature, SIGNATURE_TOLERANCE_SECONDS, type SignatureCheck } from "./stripe-signature";
export { normalizeStripeEvent, statusFromIntent } from "./stripe-events";
export { SandboxProvider, type SandboxProviderOptions } from "./adapters/sandbox.adapter";
export { StripeProvider, type StripeProviderOptions } from "./adapters/stripe.adapter";
export { PaystackProvider, paystackSignature, type PaystackProviderOptions } from "./adapters/paystack.adapter";
export { TEST_CARDS } from "./sandbox/test-cards";
export { paymentsEnv, paymentsEnvSchema, type PaymentsEnv } from "./env";
export { activeProvider, providersFromEnv } from "./providers-from-env";
