import { defineNextAppE2EConfig } from "@bazaar/next-kit/playwright";

// Port 3100, not the development 3000: the run has a database of its own and must not land on a
// developer's `pnpm up` server. Verification links in the emails point back at this server.
const port = 3100;

// The run's own OpenSearch indices (next to a developer's `bazaar_` ones), read by the app and written
// by the run's workers.
const search = { SEARCH_INDEX_PREFIX: "e2e_web_" };

export default defineNextAppE2EConfig({
  packageName: "@bazaar/web",
  port,
  database: "bazaar_e2e_web",
  redisDatabase: 7,
  // The demo marketplace: sellers, stores in their themes, categories, products with images and stock.
  seed: true,
  // Specs browse quickly from one loopback address; the default anonymous budget is a shopper's.
  env: { WEB_ORIGIN: `http://127.0.0.1:${port}`, RATE_LIMIT_GENERAL_BURST: "5000", RATE_LIMIT_GENERAL_PER_SECOND: "500", ...search },
  // Search is a projection: the seeded catalogue is indexed once before the workers start (the seed
  // writes no events), then the relay and the projections keep the index and the product read model
  // up to date with what the specs publish.
  workers: {
    names: ["outbox-relay", "search-projection", "product-detail-projection"],
    opsPort: 4190,
    topicPrefix: "e2e-web.",
    setup: ["pnpm --filter @bazaar/workers reindex"],
    env: search,
  },
});
