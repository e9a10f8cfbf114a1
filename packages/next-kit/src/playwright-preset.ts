import { randomBytes } from "node:crypto";

import {
  defineConfig,
  devices,
  expect,
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

export interface NextAppE2EOptions {
  /** The app's package name, e.g. `@bazaar/web`; its build goes through turbo so an unchanged tree is a cache hit. */
  packageName: string;
  port: number;
  /** Environment for the server; defaults to the runner's. */
  env?: Record<string, string>;
}

/**
 * Builds the app (turbo: a no-op when nothing changed since the last build, e.g. in CI right after
 * `turbo run build`) and serves the production build with `next start` on loopback, then runs
 * `e2e/*.spec.ts` against it in Chromium.
 */
export function defineNextAppE2EConfig({ packageName, port, env }: NextAppE2EOptions): PlaywrightTestConfig {
  const baseURL = `http://127.0.0.1:${port}`;
  const ci = Boolean(process.env.CI);
  return defineConfig({
    testDir: "./e2e",
    testMatch: "**/*.spec.ts",
    fullyParallel: true,
    forbidOnly: ci,
    retries: 0,
    workers: ci ? 1 : undefined,
    reporter: ci ? [["list"], ["html", { open: "never" }]] : "list",
    use: {
      baseURL,
      trace: "retain-on-failure",
      launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    },
    projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
    webServer: {
      command: `pnpm exec turbo run build --filter=${packageName} --output-logs=errors-only && pnpm exec next start --hostname 127.0.0.1 --port ${port}`,
      url: `${baseURL}/api/trpc/health.ping`,
      reuseExistingServer: !ci,
      // A cold production build on a 2-core machine takes a few minutes.
      timeout: 600_000,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        ...throwawaySecrets(),
        NEXTAUTH_URL: baseURL,
        ...stringEnv(process.env),
        PORT: String(port),
        ...env,
      },
    },
  });
}

/**
 * `next start` runs with NODE_ENV=production, where the in-process API and next-auth refuse to start
 * without their signing and encryption keys. An e2e run that was given none gets fresh random ones:
 * nothing it signs or encrypts outlives the run.
 */
function throwawaySecrets(): Record<string, string> {
  return {
    JWT_SECRET: randomBytes(48).toString("base64"),
    NEXTAUTH_SECRET: randomBytes(48).toString("base64"),
    TWO_FACTOR_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
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
