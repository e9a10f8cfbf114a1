import { tmpdir } from "node:os";
import { join } from "node:path";

import { defineNextAppE2EConfig } from "@bazaar/next-kit/playwright";

import { CHECKOUT_FIXTURE, SANDBOX_PORT } from "./e2e/checkout-fixture";
import { E2E_DNS_PORT } from "./e2e/dns-zone";

// Port 3101, not the development 3001: the run has a database, topics and workers of its own and must
// not land on a developer's `pnpm up` processes.
const port = 3101;

// The payments sandbox of this run (its own port and SQLite file), for the orders spec's checkout.
const sandboxUrl = `http://127.0.0.1:${SANDBOX_PORT}`;
const sandboxDb = join(tmpdir(), "bazaar-e2e-admin-sandbox", "sandbox.sqlite");

const config = defineNextAppE2EConfig({
  packageName: "@bazaar/admin",
  port,
  // Invitation mails link to ADMIN_ORIGIN (packages/api): this run's own address, not the development one.
  // Custom-domain verification resolves through the spec's own DNS server on loopback (e2e/dns-zone.ts).
  // The event explorer reads the run's own topics (those the workers below use).
  env: { ADMIN_ORIGIN: `http://127.0.0.1:${port}`, DNS_RESOLVERS: `127.0.0.1:${E2E_DNS_PORT}`, DNS_TIMEOUT_MS: "1000", KAFKA_TOPIC_PREFIX: "e2e-admin." },
  database: "bazaar_e2e_admin",
  redisDatabase: 8,
  // The demo operator (operator@bazaar.local) for the ops console.
  seed: true,
  // The onboarding saga: the relay publishes the request, the three steps and the compensation consume it.
  // Low-stock email: the relay publishes inventory.stock.low, the notifier asks for the mail, notifications sends it.
  // Orders: the checkout saga confirms and captures the spec's order; the refund workers pay refunds back.
  workers: {
    names: [
      "outbox-relay",
      "tenant-provisioner",
      "membership-linker",
      "onboarding-notifier",
      "user-rollback",
      "low-stock-notifier",
      "notifications",
      "checkout-saga",
      "checkout-saga-resumer",
      "order-refunds",
      "order-refunds-resumer",
    ],
    opsPort: 4191,
    topicPrefix: "e2e-admin.",
    // A shipping rate and the DE tax rate for Acme Crafts (the demo seed has none), and what to buy.
    setup: ["pnpm --filter @bazaar/api checkout:e2e-shop"],
    env: { PAYMENTS_SANDBOX_URL: sandboxUrl, E2E_CHECKOUT_FIXTURE: CHECKOUT_FIXTURE },
  },
});

const sandboxServer = {
  command: `rm -rf ${JSON.stringify(join(sandboxDb, ".."))} && mkdir -p ${JSON.stringify(join(sandboxDb, ".."))} && pnpm --filter @bazaar/payments start`,
  url: `${sandboxUrl}/health`,
  reuseExistingServer: false,
  timeout: 60_000,
  stdout: "pipe" as const,
  stderr: "pipe" as const,
  // NODE_ENV=test: the sandbox and the workers agree on the test-only webhook secret; webhooks go nowhere
  // (the saga asks the payments service, which asks the sandbox).
  env: { ...(process.env as Record<string, string>), NODE_ENV: "test", PAYMENTS_SANDBOX_PORT: String(SANDBOX_PORT), PAYMENTS_SANDBOX_DB_PATH: sandboxDb, PAYMENTS_SANDBOX_WEBHOOK_URL: "http://127.0.0.1:9/unused" },
};

const servers = config.webServer === undefined ? [] : Array.isArray(config.webServer) ? config.webServer : [config.webServer];
export default { ...config, webServer: [sandboxServer, ...servers] };
