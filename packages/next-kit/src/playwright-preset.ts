import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";

import {
  defineConfig,
  devices,
  expect,
  type APIRequestContext,
  type APIResponse,
  type Page,
  type PlaywrightTestConfig,
} from "@playwright/test";

/**
 * Playwright's own browser download cannot be reached from our machines, so every e2e run drives
 * Debian's Chromium (`apt-get install chromium`). These flags keep it headless and quiet: no GPU, no
 * /dev/shm (small in containers), and none of the background calls home that would leave loopback.
 */
export const CHROMIUM_PATH = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export interface E2EWorkers {
  /** Names from apps/workers/src/registry.ts, e.g. `outbox-relay`, `tenant-provisioner`. */
  names: readonly string[];
  /** Where the workers' /health answers; keep it off the development port (4100). */
  opsPort: number;
  /** Prefixes the run's Kafka topics and consumer groups, so it shares the cluster with nothing else. */
  topicPrefix: string;
  /**
   * Commands run after the database is ready and before the workers start, e.g.
   * `pnpm --filter @bazaar/workers reindex` to build the search index from the seeded catalogue.
   */
  setup?: readonly string[];
  /** Environment for the workers and their setup commands (e.g. the run's own search index prefix). */
  env?: Record<string, string>;
}

export interface NextAppE2EOptions {
  /** The app's package name, e.g. `@bazaar/web`; its build goes through turbo so an unchanged tree is a cache hit. */
  packageName: string;
  port: number;
  /** Environment for the server; defaults to the runner's. */
  env?: Record<string, string>;
  /**
   * A database of the run's own (e.g. `bazaar_e2e_web`), dropped, created and migrated before the tests
   * (`pnpm --filter @bazaar/db reset`), so a run never sees or disturbs a developer's data.
   */
  database?: string;
  /**
   * A Redis logical database of the run's own (0-15): rate-limit buckets, codes and caches of earlier
   * runs and of other processes on 127.0.0.1 stay out of it.
   */
  redisDatabase?: number;
  /** Load the demo tenants and logins (`pnpm --filter @bazaar/db seed`) into that database. */
  seed?: boolean;
  /** Worker processes the app's flows need (the onboarding saga...), started as a web server of their own. */
  workers?: E2EWorkers;
  /**
   * Other Next apps a journey crosses (a seller publishes in the admin app, the shopper finds it in the
   * storefront), each built and served by `next start` on its own port against the run's database,
   * Redis and secrets. Specs reach one at `http://127.0.0.1:<port>`, in a browser context of its own
   * (cookies are per host, not per port).
   */
  companions?: readonly E2ECompanionApp[];
}

export interface E2ECompanionApp {
  packageName: string;
  port: number;
  /** Environment for its server, over the run's (its own origin, e.g. ADMIN_ORIGIN). */
  env?: Record<string, string>;
}

/** The run's database URLs: the configured ones (or the defaults) pointed at `name`; specs use them for fixtures. */
export function e2eDatabaseUrls(name: string): { DATABASE_URL: string; DATABASE_OWNER_URL: string } {
  const at = (url: string) => {
    const parsed = new URL(url);
    parsed.pathname = `/${name}`;
    return parsed.toString();
  };
  return {
    DATABASE_URL: at(process.env.DATABASE_URL ?? "postgresql://bazaar_app:bazaar_app@127.0.0.1:5432/bazaar"),
    DATABASE_OWNER_URL: at(process.env.DATABASE_OWNER_URL ?? "postgresql://bazaar_owner:bazaar_owner@127.0.0.1:5432/bazaar"),
  };
}

function redisUrl(index: number): string {
  const url = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  url.pathname = `/${index}`;
  return url.toString();
}

/** Metadata the global setup reads (the config object is all it is handed). */
export interface BazaarE2EMetadata {
  /** Reset (and seed) this database in the global setup; absent when the workers' server does it. */
  bazaarDatabaseEnv?: Record<string, string>;
  bazaarSeed?: boolean;
  /** Empty this Redis database in the global setup. */
  bazaarRedisUrl?: string;
}

/**
 * Builds the app (turbo: a no-op when nothing changed since the last build, e.g. in CI right after
 * `turbo run build`) and serves the production build with `next start` on loopback, then runs
 * `e2e/*.spec.ts` against it in Chromium.
 *
 * With `database`, the run gets a fresh database of its own. Playwright starts web servers before its
 * global setup (microsoft/playwright#31524), and workers exit when their topics are missing, so:
 * with `workers`, the workers' web server command resets the database and provisions the run's topics
 * before it starts them (and the app's server starts after it); without, the global setup resets the
 * database (the app connects lazily, on its first request).
 */
export function defineNextAppE2EConfig({ packageName, port, env, database, redisDatabase, seed = false, workers, companions = [] }: NextAppE2EOptions): PlaywrightTestConfig {
  const baseURL = `http://127.0.0.1:${port}`;
  const ci = Boolean(process.env.CI);
  // Shared by every process of the run: what one signs or encrypts, the others can read.
  const secrets = throwawaySecrets();
  const dbEnv = { ...(database ? e2eDatabaseUrls(database) : {}), ...(redisDatabase === undefined ? {} : { REDIS_URL: redisUrl(redisDatabase) }) };
  const runnerEnv = stringEnv(process.env);
  // A server left running from another checkout or database would answer for this run: only reuse
  // servers when the run has no database of its own.
  const reuseExistingServer = !ci && !database;

  const nextServer = (app: string, at: number, appEnv: Record<string, string> | undefined) => ({
    // `pnpm --filter … exec` runs in the app's own folder, wherever the config that names it lives.
    command: `pnpm exec turbo run build --filter=${app} --output-logs=errors-only && pnpm --filter ${app} exec next start --hostname 127.0.0.1 --port ${at}`,
    url: `http://127.0.0.1:${at}/api/trpc/health.ping`,
    reuseExistingServer,
    // A cold production build on a 2-core machine takes a few minutes.
    timeout: 600_000,
    stdout: "pipe" as const,
    stderr: "pipe" as const,
    env: {
      ...secrets,
      NEXTAUTH_URL: `http://127.0.0.1:${at}`,
      ...runnerEnv,
      ...dbEnv,
      PORT: String(at),
      ...appEnv,
    },
  });
  const appServer = nextServer(packageName, port, env);
  // Started one after another (Playwright waits for each web server in turn): two cold builds at once
  // would share two cores.
  const companionServers = companions.map((c) => nextServer(c.packageName, c.port, c.env));

  const workerServer = workers && {
    command: [
      "pnpm --filter @bazaar/db reset",
      ...(seed ? ["pnpm --filter @bazaar/db seed"] : []),
      "pnpm --filter @bazaar/events topics",
      ...(workers.setup ?? []),
      "pnpm --filter @bazaar/workers start",
    ].join(" && "),
    url: `http://127.0.0.1:${workers.opsPort}/health`,
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: "pipe" as const,
    stderr: "pipe" as const,
    env: {
      ...secrets,
      ...runnerEnv,
      ...dbEnv,
      // `db reset` refuses NODE_ENV=production.
      NODE_ENV: "test",
      LOG_LEVEL: runnerEnv.LOG_LEVEL ?? "warn",
      WORKERS: workers.names.join(","),
      WORKERS_OPS_PORT: String(workers.opsPort),
      KAFKA_TOPIC_PREFIX: workers.topicPrefix,
      ADMIN_URL: baseURL,
      ...workers.env,
    },
  };

  const metadata: BazaarE2EMetadata = {
    ...(database && !workers ? { bazaarDatabaseEnv: { ...dbEnv, NODE_ENV: "test" }, bazaarSeed: seed } : {}),
    ...(redisDatabase === undefined ? {} : { bazaarRedisUrl: redisUrl(redisDatabase) }),
  };

  return defineConfig({
    testDir: "./e2e",
    testMatch: "**/*.spec.ts",
    fullyParallel: true,
    forbidOnly: ci,
    retries: 0,
    workers: ci ? 1 : undefined,
    reporter: ci ? [["list"], ["html", { open: "never" }]] : "list",
    metadata,
    ...(metadata.bazaarDatabaseEnv || metadata.bazaarRedisUrl ? { globalSetup: fileURLToPath(new URL("./e2e-global-setup.ts", import.meta.url)) } : {}),
    use: {
      baseURL,
      trace: "retain-on-failure",
      launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    },
    projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
    webServer: workerServer || companionServers.length > 0 ? [...(workerServer ? [workerServer] : []), appServer, ...companionServers] : appServer,
  });
}

/**
 * `next start` runs with NODE_ENV=production, where the in-process API and next-auth refuse to start
 * without their signing and encryption keys. An e2e run that was given none gets fresh random ones:
 * nothing it signs or encrypts outlives the run. They are put in the runner's environment, which the
 * test workers inherit, so a spec can read the session cookie the way the app does (e2e-session).
 */
function throwawaySecrets(): Record<string, string> {
  process.env.JWT_SECRET ??= randomBytes(48).toString("base64");
  process.env.NEXTAUTH_SECRET ??= randomBytes(48).toString("base64");
  process.env.TWO_FACTOR_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
  process.env.API_PROXY_SECRET ??= randomBytes(48).toString("base64");
  return {
    JWT_SECRET: process.env.JWT_SECRET,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET,
    TWO_FACTOR_ENCRYPTION_KEY: process.env.TWO_FACTOR_ENCRYPTION_KEY,
    API_PROXY_SECRET: process.env.API_PROXY_SECRET,
  };
}

function stringEnv(source: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(source).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/**
 * Start collecting what the browser reports as broken (console errors, uncaught exceptions). A CSP
 * violation or a failed hydration leaves a page that looks right in its server HTML, so specs assert
 * this list stays empty.
 */
export function collectBrowserErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

/** The headers bazaarNextConfig promises on every response. */
export function expectSecurityHeaders(response: APIResponse): void {
  const headers = response.headers();
  expect(headers["content-security-policy"]).toContain("default-src 'self'");
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).toContain("object-src 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["x-powered-by"]).toBeUndefined();
}

/** Every process answers /health (liveness), /ready (its dependencies, checked for real) and /metrics. */
export async function expectOpsEndpoints(request: APIRequestContext, service: string): Promise<void> {
  const health = await request.get("/health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: "ok", service });

  const ready = await request.get("/ready");
  expect(ready.status()).toBe(200);
  const report = (await ready.json()) as { status: string; checks: Record<string, { status: string }> };
  expect(report.status).toBe("ok");
  expect(report.checks.postgres?.status).toBe("ok");
  expect(report.checks.redis?.status).toBe("ok");

  const metrics = await request.get("/metrics");
  expect(metrics.status()).toBe(200);
  expect(metrics.headers()["content-type"]).toContain("text/plain");
  expect(await metrics.text()).toContain("process_cpu_user_seconds_total");
}
