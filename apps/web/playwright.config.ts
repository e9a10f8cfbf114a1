import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";

import { defineNextAppE2EConfig } from "@bazaar/next-kit/playwright";

import { ADMIN_PORT, ADMIN_URL } from "./e2e/admin-app";

// Port 3100, not the development 3000: the run has a database of its own and must not land on a
// developer's `pnpm up` server. Verification links in the emails point back at this server.
const port = 3100;
const origin = `http://127.0.0.1:${port}`;

// The run's own OpenSearch indices (next to a developer's `bazaar_` ones), read by the app and written
// by the run's workers.
const search = { SEARCH_INDEX_PREFIX: "e2e_web_" };
// Specs browse quickly from one loopback address; the default anonymous budget is a shopper's. Both apps
// share the run's Redis (and so the address's bucket), so both get the same budget.
const budget = { RATE_LIMIT_GENERAL_BURST: "5000", RATE_LIMIT_GENERAL_PER_SECOND: "500" };

// Checkout: the payments sandbox and the API's webhook intake on ports of the run's own (not 4200/4000),
// the sandbox's store under the workspace's .data (emptied per run). One order-link secret for the app
// (signs the status links), the saga worker (the payment page's return link) and the order mailer; set in
// the runner's environment so the spec processes, which load this file again, see the same one.
const sandboxPort = 4381;
const webhookPort = 4382;
const sandboxDir = fileURLToPath(new URL("../../.data/e2e-web-sandbox", import.meta.url));
process.env.ORDER_LINK_SECRET ??= randomBytes(48).toString("base64url");
const checkout = {
  ORDER_LINK_SECRET: process.env.ORDER_LINK_SECRET,
  WEB_ORIGIN: origin,
  PAYMENTS_SANDBOX_URL: `http://127.0.0.1:${sandboxPort}`,
};

// Checkout admission (docs/decisions/0032) small enough for e2e/checkout-busy.spec.ts to fill: a checkout
// is held while more than 3 wait for their saga's first step, and refused as busy after 1.5 s.
const admission = { CHECKOUT_ADMISSION_BACKLOG: "3", CHECKOUT_ADMISSION_WAIT_MS: "1500" };

const config = defineNextAppE2EConfig({
  packageName: "@bazaar/web",
  port,
  database: "bazaar_e2e_web",
  redisDatabase: 7,
  // The demo marketplace: sellers, stores in their themes, categories, products with images and stock.
  seed: true,
  env: { WEB_ORIGIN: origin, ...budget, ...search, ...admission, ORDER_LINK_SECRET: checkout.ORDER_LINK_SECRET },
  // The seller's side of the publish journey (e2e/seller-publish.spec.ts) and the operator's moderation
  // queue (e2e/reviews.spec.ts) are the real admin app.
  companions: [{ packageName: "@bazaar/admin", port: ADMIN_PORT, env: { ADMIN_ORIGIN: ADMIN_URL, WEB_ORIGIN: origin, ...budget } }],
  // Search is a projection: the seeded catalogue is indexed once before the workers start (the seed
  // writes no events), then the relay and the projections keep the index and the product read model
  // up to date with what the specs publish. The checkout saga, its resumer, the refund executor, the
  // order mailer and the notifications worker carry a checkout from placed to confirmed (and refunded)
  // and mail the shopper; the ratings projection turns approved reviews into ratings (e2e/reviews.spec.ts),
  // which both product projections pick up.
  workers: {
    names: [
      "outbox-relay",
      "search-projection",
      "product-detail-projection",
      "ratings-projection",
      "checkout-saga",
      "checkout-saga-resumer",
      "order-refunds",
      "order-refunds-resumer",
      "order-mailer",
      "notifications",
    ],
    opsPort: 4190,
    topicPrefix: "e2e-web.",
    setup: ["pnpm --filter @bazaar/workers reindex"],
    env: { ...search, ...checkout },
  },
  services: [
    {
      command: `rm -rf '${sandboxDir}' && pnpm --filter @bazaar/payments start`,
      url: `http://127.0.0.1:${sandboxPort}/health`,
      env: {
        PAYMENTS_SANDBOX_HOST: "127.0.0.1",
        PAYMENTS_SANDBOX_PORT: String(sandboxPort),
        PAYMENTS_SANDBOX_DB_PATH: `${sandboxDir}/sandbox.sqlite`,
        PAYMENTS_SANDBOX_WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/webhooks/sandbox`,
      },
    },
    // The API server only for the sandbox's webhooks: they move the payment, which wakes the saga.
    { command: "pnpm --filter @bazaar/api start", url: `http://127.0.0.1:${webhookPort}/health`, env: { API_PORT: String(webhookPort), ...checkout } },
  ],
});

// e2e/checkout-busy.spec.ts fills the checkout backlog for its ~20 s; any other spec's checkout would then be
// held too. It runs on its own, after every other spec (a project depending on the others).
const BUSY_SPEC = /checkout-busy\.spec\.ts/;
config.projects = (config.projects ?? []).flatMap((project) => [
  { ...project, testIgnore: BUSY_SPEC },
  { ...project, name: `${project.name ?? "chromium"}-checkout-busy`, testMatch: BUSY_SPEC, dependencies: [project.name ?? "chromium"] },
]);

export default config;
