import { defineNextAppE2EConfig } from "@bazaar/next-kit/playwright";

import { E2E_DNS_PORT } from "./e2e/dns-zone";

// Port 3101, not the development 3001: the run has a database, topics and workers of its own and must
// not land on a developer's `pnpm up` processes.
const port = 3101;

export default defineNextAppE2EConfig({
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
  workers: {
    names: ["outbox-relay", "tenant-provisioner", "membership-linker", "onboarding-notifier", "user-rollback", "low-stock-notifier", "notifications"],
    opsPort: 4191,
    topicPrefix: "e2e-admin.",
  },
});
