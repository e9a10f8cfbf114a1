import { defineNextAppE2EConfig } from "@bazaar/next-kit/playwright";

import { ADMIN_PORT, ADMIN_URL } from "./e2e/admin-app";

// Port 3100, not the development 3000: the run has a database of its own and must not land on a
// developer's `pnpm up` server. Verification links in the emails point back at this server.
const port = 3100;

// The run's own OpenSearch indices (next to a developer's `bazaar_` ones), read by the app and written
// by the run's workers.
const search = { SEARCH_INDEX_PREFIX: "e2e_web_" };
// Specs browse quickly from one loopback address; the default anonymous budget is a shopper's. Both apps
// share the run's Redis (and so the address's bucket), so both get the same budget.
const budget = { RATE_LIMIT_GENERAL_BURST: "5000", RATE_LIMIT_GENERAL_PER_SECOND: "500" };

export default defineNextAppE2EConfig({
  packageName: "@bazaar/web",
  port,
  database: "bazaar_e2e_web",
  redisDatabase: 7,
  // The demo marketplace: sellers, stores in their themes, categories, products with images and stock.
  seed: true,
  env: { WEB_ORIGIN: `http://127.0.0.1:${port}`, ...budget, ...search },
  // The seller's side of the publish journey (e2e/seller-publish.spec.ts) and the operator's moderation
  // queue (e2e/reviews.spec.ts) are the real admin app.
  companions: [{ packageName: "@bazaar/admin", port: ADMIN_PORT, env: { ADMIN_ORIGIN: ADMIN_URL, WEB_ORIGIN: `http://127.0.0.1:${port}`, ...budget } }],
  // Search is a projection: the seeded catalogue is indexed once before the workers start (the seed
  // writes no events), then the relay and the projections keep the index and the product read model
  // up to date with what the specs publish. The ratings projection turns approved reviews into ratings
  // (e2e/reviews.spec.ts), which both product projections pick up.
  workers: {
    names: ["outbox-relay", "search-projection", "product-detail-projection", "ratings-projection"],
    opsPort: 4190,
    topicPrefix: "e2e-web.",
    setup: ["pnpm --filter @bazaar/workers reindex"],
    env: search,
  },
});
