import { randomBytes } from "node:crypto";
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/*
 * Development and test machines need signing and encryption keys without anyone configuring them, but
 * a key committed to the repository is a key anyone can mint sessions with. So each installation
 * generates its own on first use, into a git-ignored file (`.data/dev-secrets.env` at the workspace
 * root, mode 0600), and every process of that checkout (API, workers, both Next apps) reads the same
 * one. Tests take fresh random ones per process instead (ephemeralSecrets), so a test run writes no
 * file. Production never reads either: there every secret must come from the environment.
 */

/** Every secret a development process may take from the file, and how a fresh one is made. */
const GENERATORS = {
  JWT_SECRET: () => randomBytes(48).toString("base64url"),
  TWO_FACTOR_ENCRYPTION_KEY: () => randomBytes(32).toString("base64"),
  NEXTAUTH_SECRET_WEB: () => randomBytes(48).toString("base64url"),
  NEXTAUTH_SECRET_ADMIN: () => randomBytes(48).toString("base64url"),
  /** Authenticates the Next apps' server-side hop to the API (X-Bazaar-Proxy-Secret). */
  API_PROXY_SECRET: () => randomBytes(48).toString("base64url"),
  /** Signs the payment sandbox's webhooks; the API verifies them with it (@bazaar/payments). */
  PAYMENTS_SANDBOX_WEBHOOK_SECRET: () => `whsec_${randomBytes(24).toString("hex")}`,
  /** Signs the guest order-status links (checkout/order-link.ts): the storefront, saga and mail workers share it. */
  ORDER_LINK_SECRET: () => randomBytes(48).toString("base64url"),
} as const;

export type DevSecretName = keyof typeof GENERATORS;
export type DevSecrets = Record<DevSecretName, string>;

/**
 * Values that were once committed to this repository (or are documentation placeholders). Outside
 * tests a process refuses to start with any of them.
 */
export const KNOWN_DEVELOPMENT_SECRETS: ReadonlySet<string> = new Set([
  "bazaar-development-only-jwt-secret-0123456789",
  Buffer.from("bazaar-dev-only-2fa-key-32-bytes").toString("base64"),
  "bazaar-web-development-only-nextauth-secret",
  "bazaar-admin-development-only-nextauth-secret",
  "change-me-to-at-least-32-random-characters",
  "whsec_test_only_sandbox_secret_0123456789abcdef",
]);

export function isKnownDevelopmentSecret(value: string | undefined): boolean {
  return value !== undefined && KNOWN_DEVELOPMENT_SECRETS.has(value);
}

/** `<workspace root>/.data/dev-secrets.env`: the nearest directory up from `from` with pnpm-workspace.yaml. */
export function defaultDevSecretsFile(from = process.cwd()): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return join(dir, ".data", "dev-secrets.env");
    const parent = dirname(dir);
    if (parent === dir) return join(resolve(from), ".data", "dev-secrets.env");
    dir = parent;
  }
}

function parse(text: string): Partial<DevSecrets> {
  const out: Partial<DevSecrets> = {};
  for (const line of text.split("\n")) {
    const match = /^([A-Z0-9_]+)=(.+)$/.exec(line.trim());
    if (match && match[1]! in GENERATORS) out[match[1] as DevSecretName] = match[2]!;
  }
  return out;
}

function render(secrets: DevSecrets): string {
  const lines = Object.entries(secrets).map(([k, v]) => `${k}=${v}`);
  return `# Development secrets of this installation, generated on first use. Never commit; never use in production.\n${lines.join("\n")}\n`;
}

function complete(partial: Partial<DevSecrets>): DevSecrets {
  const out = { ...partial } as DevSecrets;
  for (const [name, generate] of Object.entries(GENERATORS)) out[name as DevSecretName] ??= generate();
  return out;
}

const cache = new Map<string, DevSecrets>();
let ephemeral: DevSecrets | undefined;

/** Random secrets for this process only (tests): nothing signed or encrypted with them outlives it. */
export function ephemeralSecrets(): DevSecrets {
  ephemeral ??= complete({});
  return ephemeral;
}

/**
 * The installation's development secrets, created on first call. Concurrent first starts (the API,
 * workers and Next apps launched together) agree: the file is created by a hard link, which fails for
 * every process but the first, and the others read the winner's.
 */
export function developmentSecrets(file = defaultDevSecretsFile()): DevSecrets {
  const hit = cache.get(file);
  if (hit) return hit;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  let secrets: DevSecrets;
  try {
    if (existsSync(file)) {
      const existing = parse(readFileSync(file, "utf8"));
      secrets = complete(existing);
      // A file from an older checkout may lack a newer name: add it, keeping the values it has.
      if (Object.keys(existing).length < Object.keys(secrets).length) {
        writeFileSync(temp, render(secrets), { mode: 0o600 });
        renameSync(temp, file);
      }
    } else {
      secrets = complete({});
      writeFileSync(temp, render(secrets), { mode: 0o600 });
      try {
        linkSync(temp, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        secrets = complete(parse(readFileSync(file, "utf8")));
      }
    }
  } finally {
    if (existsSync(temp)) unlinkSync(temp);
  }
  cache.set(file, secrets);
  return secrets;
}
