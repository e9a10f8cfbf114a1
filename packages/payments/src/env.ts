import { join } from "node:path";
import { baseEnvSchema, developmentSecrets, isKnownDevelopmentSecret, parseEnv } from "@bazaar/config";
import { z } from "zod";
import { providerNameSchema } from "./provider";

// The environments of the sandbox process and of the platform's provider adapters.

// The sandbox process. Its webhook secret has no committed default outside NODE_ENV=test: a sandbox that
// signs with a guessable key would teach the platform to trust anyone (fail closed). Development takes
// the installation's generated one (@bazaar/config dev-secrets, .data/dev-secrets.env), which the API
// reads too; production must set it, or the sandbox refuses to start.

const repoRoot = join(import.meta.dirname, "..", "..", "..");
/** Tests only; refused anywhere else (it is in @bazaar/config's KNOWN_DEVELOPMENT_SECRETS). */
export const TEST_WEBHOOK_SECRET = "whsec_test_only_sandbox_secret_0123456789abcdef";

type SecretSource = { NODE_ENV: "development" | "test" | "production"; BAZAAR_DEV_SECRETS_FILE?: string | undefined };

/** The sandbox webhook secret this process uses when none is set; undefined in production. */
function defaultWebhookSecret(env: SecretSource): string | undefined {
  if (env.NODE_ENV === "test") return TEST_WEBHOOK_SECRET;
  if (env.NODE_ENV === "development") return developmentSecrets(env.BAZAAR_DEV_SECRETS_FILE).PAYMENTS_SANDBOX_WEBHOOK_SECRET;
  return undefined;
}

function refusePublished(env: SecretSource & { PAYMENTS_SANDBOX_WEBHOOK_SECRET?: string | undefined }, ctx: z.RefinementCtx): boolean {
  if (env.NODE_ENV === "test" || !isKnownDevelopmentSecret(env.PAYMENTS_SANDBOX_WEBHOOK_SECRET)) return false;
  ctx.addIssue({ code: "custom", path: ["PAYMENTS_SANDBOX_WEBHOOK_SECRET"], message: "PAYMENTS_SANDBOX_WEBHOOK_SECRET is a published test value" });
  return true;
}

const rate = z.coerce.number().min(0).max(1);

export const sandboxEnvSchema = baseEnvSchema
  .pick({ NODE_ENV: true, LOG_LEVEL: true, BAZAAR_DEV_SECRETS_FILE: true })
  .extend({
    PAYMENTS_SANDBOX_HOST: z.string().default("127.0.0.1"),
    PAYMENTS_SANDBOX_PORT: z.coerce.number().int().min(0).max(65_535).default(4200),
    /** Origin the hosted payment page is linked from; default http://HOST:PORT. */
    PAYMENTS_SANDBOX_PUBLIC_URL: z.url().optional(),
    /** SQLite file: intents, idempotency keys and pending webhook deliveries survive a restart. */
    PAYMENTS_SANDBOX_DB_PATH: z.string().min(1).default(join(repoRoot, ".data", "payments-sandbox", "sandbox.sqlite")),
    /** Where events are POSTed (the API's webhook intake). */
    PAYMENTS_SANDBOX_WEBHOOK_URL: z.url().default("http://127.0.0.1:4000/webhooks/sandbox"),
    /** Signs every webhook (Stripe-Signature). Required; `.data/dev-secrets.env` holds a local one. */
    PAYMENTS_SANDBOX_WEBHOOK_SECRET: z.string().min(24, "PAYMENTS_SANDBOX_WEBHOOK_SECRET: at least 24 characters").optional(),
    /** `on`: webhooks are sometimes delivered twice and out of order (duplicate rate and jitter below). */
    PAYMENTS_SANDBOX_CHAOS: z.enum(["on", "off"]).default("off"),
    PAYMENTS_SANDBOX_DUPLICATE_RATE: rate.default(0.3),
    PAYMENTS_SANDBOX_REORDER_JITTER_MS: z.coerce.number().int().min(0).max(60_000).default(400),
    /** First retry after this long, doubling per attempt (capped at 10 minutes). */
    PAYMENTS_SANDBOX_RETRY_BASE_MS: z.coerce.number().int().min(10).max(600_000).default(1_000),
    PAYMENTS_SANDBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(10),
    /** How long the "late processor" test card takes to answer. */
    PAYMENTS_SANDBOX_LATE_PROCESSOR_MS: z.coerce.number().int().min(0).max(600_000).default(3_000),
    /** How long a payout transfer stays pending before `transfer.paid` / `transfer.failed` (0: settled in the answer). */
    PAYMENTS_SANDBOX_PAYOUT_SETTLE_MS: z.coerce.number().int().min(0).max(600_000).default(2_000),
  })
  .transform((env, ctx) => {
    if (refusePublished(env, ctx)) return z.NEVER;
    const secret = env.PAYMENTS_SANDBOX_WEBHOOK_SECRET ?? defaultWebhookSecret(env);
    if (!secret) {
      ctx.addIssue({ code: "custom", path: ["PAYMENTS_SANDBOX_WEBHOOK_SECRET"], message: "PAYMENTS_SANDBOX_WEBHOOK_SECRET is required in production" });
      return z.NEVER;
    }
    return { ...env, PAYMENTS_SANDBOX_WEBHOOK_SECRET: secret };
  });

export type SandboxEnv = z.infer<typeof sandboxEnvSchema>;

export function sandboxEnv(source: Record<string, string | undefined> = process.env): SandboxEnv {
  return parseEnv(sandboxEnvSchema, source);
}


// What the platform (API server, workers) needs to talk to providers. No secret has a committed default
// outside NODE_ENV=test (development: the installation's generated sandbox secret, as above). A provider
// without its webhook secret is simply not configured, and its webhooks are refused (fail closed).

const secret = (name: string) => z.string().min(16, `${name}: at least 16 characters`).optional();

export const paymentsEnvSchema = baseEnvSchema
  .pick({ NODE_ENV: true, BAZAAR_DEV_SECRETS_FILE: true })
  .extend({
    /**
     * The provider this installation charges and pays out through (checkout saga, payouts). Default
     * `sandbox` outside production; production must choose, and the chosen one's secrets must be set.
     */
    PAYMENTS_PROVIDER: providerNameSchema.optional(),
    /** The sandbox process (`pnpm --filter @bazaar/payments start`). */
    PAYMENTS_SANDBOX_URL: z.url().default("http://127.0.0.1:4200"),
    PAYMENTS_SANDBOX_WEBHOOK_SECRET: secret("PAYMENTS_SANDBOX_WEBHOOK_SECRET"),
    STRIPE_SECRET_KEY: secret("STRIPE_SECRET_KEY"),
    STRIPE_WEBHOOK_SECRET: secret("STRIPE_WEBHOOK_SECRET"),
    PAYSTACK_SECRET_KEY: secret("PAYSTACK_SECRET_KEY"),
  })
  .transform((env, ctx) => {
    if (refusePublished(env, ctx)) return z.NEVER;
    const sandboxSecret = env.PAYMENTS_SANDBOX_WEBHOOK_SECRET ?? defaultWebhookSecret(env);
    const provider = env.PAYMENTS_PROVIDER ?? (env.NODE_ENV === "production" ? undefined : "sandbox");
    if (!provider) {
      ctx.addIssue({ code: "custom", path: ["PAYMENTS_PROVIDER"], message: "PAYMENTS_PROVIDER is required in production (sandbox, stripe or paystack)" });
      return z.NEVER;
    }
    // Fail closed: the chosen provider without its secrets would take money it cannot verify or move.
    const missing = {
      sandbox: sandboxSecret ? [] : ["PAYMENTS_SANDBOX_WEBHOOK_SECRET"],
      stripe: [...(env.STRIPE_SECRET_KEY ? [] : ["STRIPE_SECRET_KEY"]), ...(env.STRIPE_WEBHOOK_SECRET ? [] : ["STRIPE_WEBHOOK_SECRET"])],
      paystack: env.PAYSTACK_SECRET_KEY ? [] : ["PAYSTACK_SECRET_KEY"],
    }[provider];
    if (missing.length > 0) {
      ctx.addIssue({ code: "custom", path: ["PAYMENTS_PROVIDER"], message: `PAYMENTS_PROVIDER=${provider} needs ${missing.join(" and ")}` });
      return z.NEVER;
    }
    return { ...env, PAYMENTS_PROVIDER: provider, PAYMENTS_SANDBOX_WEBHOOK_SECRET: sandboxSecret };
  });

export type PaymentsEnv = z.infer<typeof paymentsEnvSchema>;

export function paymentsEnv(source: Record<string, string | undefined> = process.env): PaymentsEnv {
  return parseEnv(paymentsEnvSchema, source);
}

/** PATH for a child process (tests start the sandbox with a minimal environment). */
export function inheritedPath(): string {
  return process.env.PATH ?? "";
}
