import { isIP } from "node:net";
import { baseEnvSchema, developmentSecrets, ephemeralSecrets, isKnownDevelopmentSecret, parseEnv } from "@bazaar/config";
import { z } from "zod";

/** `1.2.3.4`, `1.2.3.4:53`, `::1` or `[::1]:53`: what node:dns Resolver.setServers accepts. */
function isResolverAddress(entry: string): boolean {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(entry);
  if (bracketed) return isIP(bracketed[1]!) === 6 && (bracketed[2] === undefined || Number(bracketed[2]) <= 65_535);
  if (isIP(entry) !== 0) return true;
  const [host, port, extra] = entry.split(":");
  return extra === undefined && isIP(host ?? "") === 4 && /^\d{1,5}$/.test(port ?? "") && Number(port) <= 65_535;
}

const origin = z.url().transform((u) => new URL(u).origin);

export const apiEnvSchema = baseEnvSchema.extend({
  API_HOST: z.string().default("127.0.0.1"),
  API_PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  /** Browser origins allowed to call the API with credentials; anything else gets no CORS headers. */
  WEB_ORIGIN: origin.default("http://127.0.0.1:3000"),
  ADMIN_ORIGIN: origin.default("http://127.0.0.1:3001"),
  /** How long SIGTERM waits for in-flight requests before closing their sockets. */
  API_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  API_MAX_BODY_BYTES: z.coerce.number().int().min(1_024).default(1_048_576),
  /**
   * HS256 key that signs access tokens (32+ characters). Required in production; anyone holding it can
   * mint sessions. Development and test take the installation's generated one (@bazaar/config
   * dev-secrets) when it is unset.
   */
  JWT_SECRET: z.string().min(32, "JWT_SECRET must be at least 32 characters").optional(),
  /**
   * The key JWT_SECRET replaced, still accepted (never used to sign) until the tokens it signed have
   * expired (15 minutes after the switch). Tokens name their key by `kid`.
   */
  JWT_PREVIOUS_SECRET: z.string().min(32, "JWT_PREVIOUS_SECRET must be at least 32 characters").optional(),
  /**
   * Shared by the API and the Next apps (32+ characters): authenticates the client address a Next app
   * vouches for (X-Bazaar-Client-Address with X-Bazaar-Proxy-Secret). Required in production.
   */
  API_PROXY_SECRET: z.string().min(32, "API_PROXY_SECRET must be at least 32 characters").optional(),
  /** 32 random bytes, base64 (`openssl rand -base64 32`): encrypts TOTP secrets and keys 2FA code hashes. */
  TWO_FACTOR_ENCRYPTION_KEY: z
    .string()
    .refine((k) => Buffer.from(k, "base64").length === 32, "TWO_FACTOR_ENCRYPTION_KEY must be 32 bytes, base64")
    .optional(),
  /**
   * Comma-separated addresses or CIDR blocks of reverse proxies whose X-Forwarded-For is believed.
   * Empty: the socket's peer is the client, and X-Forwarded-For is ignored.
   */
  TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((s) => s.split(",").map((p) => p.trim()).filter(Boolean))
    .refine((list) => list.every((p) => isIP(p.split("/")[0] ?? "") !== 0), "TRUSTED_PROXIES: addresses or CIDR blocks"),
  /** The token bucket every procedure draws from, per client address and per account. */
  RATE_LIMIT_GENERAL_BURST: z.coerce.number().int().min(1).default(300),
  RATE_LIMIT_GENERAL_PER_SECOND: z.coerce.number().positive().default(30),
  /**
   * DNS servers that custom-domain verification asks, comma-separated `ip` or `ip:port` (`[v6]:port`).
   * Empty: the system's resolvers (/etc/resolv.conf). Tests point it at a DNS server on loopback.
   */
  DNS_RESOLVERS: z
    .string()
    .default("")
    .transform((s) => s.split(",").map((p) => p.trim()).filter(Boolean))
    .refine((list) => list.every(isResolverAddress), "DNS_RESOLVERS: addresses as ip or ip:port"),
  /** Per DNS query, before the next try; verification makes at most 2 tries per server. */
  DNS_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(2_000),
  /**
   * Host names that are the platform's own (comma-separated): no seller may claim them or any name
   * under them as a custom domain.
   */
  PLATFORM_HOSTS: z
    .string()
    .default("bazaar.local,localhost")
    .transform((s) => s.split(",").map((p) => p.trim().toLowerCase().replace(/\.$/, "")).filter(Boolean)),
  /** How long an untouched cart lives in Redis; every write refreshes it. */
  CART_TTL_SECONDS: z.coerce.number().int().min(60).max(90 * 86_400).default(7 * 86_400),
  /** How long a cart mutation may hold the cart's lock before Redis frees it (a crashed holder). */
  CART_LOCK_MS: z.coerce.number().int().min(100).max(30_000).default(3_000),
  /** How long the checkout saga holds stock; must outlast the payment timeout. */
  CHECKOUT_RESERVATION_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  /** A payment still unanswered this long after authorize is voided and the checkout compensated. */
  CHECKOUT_PAYMENT_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(86_400).default(600),
  /**
   * Checkout admission (checkout/checkout-admission.ts): checkouts allowed to wait for their saga's first
   * step before a new one waits at the door; 0 admits every checkout at once. Default 16, and 0 in tests
   * (they place checkouts without running their sagas; checkout-admission.int.test.ts sets its own).
   */
  CHECKOUT_ADMISSION_BACKLOG: z.coerce.number().int().min(0).max(100_000).optional(),
  /**
   * The wait in front of the saga's first step that admission sizes the backlog for (decision 0033): the
   * backlog allowed is what the sagas clear in this time at their measured pace, between
   * CHECKOUT_ADMISSION_MIN_BACKLOG and CHECKOUT_ADMISSION_BACKLOG. 0: always CHECKOUT_ADMISSION_BACKLOG.
   */
  CHECKOUT_ADMISSION_TARGET_MS: z.coerce.number().int().min(0).max(60_000).default(300),
  /** The least backlog admission allows however slow the sagas seem. */
  CHECKOUT_ADMISSION_MIN_BACKLOG: z.coerce.number().int().min(1).max(100_000).default(4),
  /** How long a checkout may wait for admission before it is refused (SERVICE_UNAVAILABLE, checkout-busy). */
  CHECKOUT_ADMISSION_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(10_000),
  /** A saga step not finished this long after it was taken is presumed abandoned (a dead worker) and resumed. */
  CHECKOUT_STEP_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  /**
   * HMAC key (32+ characters) of the guest order-status links (checkout/order-link.ts), shared by the
   * storefront, the checkout-saga worker (the payment page's return link) and the mail consumers.
   * Production without it issues no link and accepts none (fails closed); development and test take the
   * installation's generated one when unset.
   */
  ORDER_LINK_SECRET: z.string().min(32, "ORDER_LINK_SECRET must be at least 32 characters").optional(),
  /** A sale is paid out to its seller only once it is this old (refunds and chargebacks come first). */
  PAYOUT_HOLD_SECONDS: z.coerce.number().int().min(0).max(90 * 86_400).default(7 * 86_400),
  /** Payout periods: at most one payout per seller and currency in each period of this length. */
  PAYOUT_PERIOD_SECONDS: z.coerce.number().int().min(60).max(31 * 86_400).default(86_400),
});

const SECRETS = ["JWT_SECRET", "JWT_PREVIOUS_SECRET", "TWO_FACTOR_ENCRYPTION_KEY", "API_PROXY_SECRET", "ORDER_LINK_SECRET"] as const;

// Production refuses to start without real keys (apiEnv() throws, naming the variable). Elsewhere an
// unset key comes from the installation's generated file (tests: random per process), never from a value
// in the repository, and a value that was ever published is refused except in tests.
export const apiEnvWithSecretsSchema = apiEnvSchema
  .superRefine((env, ctx) => {
    for (const key of SECRETS) {
      if (env.NODE_ENV !== "test" && isKnownDevelopmentSecret(env[key])) {
        ctx.addIssue({ code: "custom", path: [key], message: `${key} is a published development value; generate one (openssl rand -base64 48)` });
      }
    }
    if (env.NODE_ENV !== "production") return;
    for (const key of ["JWT_SECRET", "TWO_FACTOR_ENCRYPTION_KEY", "API_PROXY_SECRET"] as const) {
      if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: `${key} is required in production` });
    }
  })
  .transform((env) => {
    const generated =
      env.JWT_SECRET && env.TWO_FACTOR_ENCRYPTION_KEY && env.API_PROXY_SECRET && (env.ORDER_LINK_SECRET || env.NODE_ENV === "production")
        ? null
        : env.NODE_ENV === "test"
          ? ephemeralSecrets()
          : developmentSecrets(env.BAZAAR_DEV_SECRETS_FILE);
    return {
      ...env,
      CHECKOUT_ADMISSION_BACKLOG: env.CHECKOUT_ADMISSION_BACKLOG ?? (env.NODE_ENV === "test" ? 0 : 16),
      API_PROXY_SECRET: env.API_PROXY_SECRET ?? generated!.API_PROXY_SECRET,
      JWT_SECRET: env.JWT_SECRET ?? generated!.JWT_SECRET,
      TWO_FACTOR_ENCRYPTION_KEY: env.TWO_FACTOR_ENCRYPTION_KEY ?? generated!.TWO_FACTOR_ENCRYPTION_KEY,
      // Never generated in production: an unset key there means no guest order link at all.
      ORDER_LINK_SECRET: env.ORDER_LINK_SECRET ?? (env.NODE_ENV === "production" ? undefined : generated!.ORDER_LINK_SECRET),
    };
  });

export type ApiEnv = z.infer<typeof apiEnvWithSecretsSchema>;

let cached: ApiEnv | undefined;
export function apiEnv(): ApiEnv {
  cached ??= parseEnv(apiEnvWithSecretsSchema, process.env);
  return cached;
}

const orderLinkEnvSchema = apiEnvSchema.pick({ NODE_ENV: true, WEB_ORIGIN: true, ORDER_LINK_SECRET: true, BAZAAR_DEV_SECRETS_FILE: true });

/**
 * The storefront origin and the order-link secret alone, by the same rules as apiEnv() (never generated in
 * production), for processes that do not carry the API's other secrets (the workers).
 */
export function orderLinkEnv(source: NodeJS.ProcessEnv = process.env): { WEB_ORIGIN: string; ORDER_LINK_SECRET: string | undefined } {
  const env = parseEnv(orderLinkEnvSchema, source);
  if (env.ORDER_LINK_SECRET || env.NODE_ENV === "production") return { WEB_ORIGIN: env.WEB_ORIGIN, ORDER_LINK_SECRET: env.ORDER_LINK_SECRET };
  const generated = env.NODE_ENV === "test" ? ephemeralSecrets() : developmentSecrets(env.BAZAAR_DEV_SECRETS_FILE);
  return { WEB_ORIGIN: env.WEB_ORIGIN, ORDER_LINK_SECRET: generated.ORDER_LINK_SECRET };
}
