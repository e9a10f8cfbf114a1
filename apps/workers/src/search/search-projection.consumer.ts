import { ensureProductsIndex, indexProducts, productsAlias, searchEnv } from "@bazaar/api/search";
import type { ConsumerObserver } from "@bazaar/events";
import { Client } from "@opensearch-project/opensearch";
import { consumerWorker, type Worker, type WorkerDefinition, type WorkerDeps } from "../worker";
import { createProductProjectionConsumer } from "./affected-products";

export const SEARCH_PROJECTION = "search-projection";

export interface SearchProjectionOptions {
  /** Default: a client on OPENSEARCH_URL, closed on stop. */
  client?: Client;
  /** Index prefix; default SEARCH_INDEX_PREFIX. */
  prefix?: string;
  observer?: ConsumerObserver;
}

/** A client for writers: long timeouts (bulk requests on a busy node), no breaker: the runner retries. */
export const writerClient = () => new Client({ node: searchEnv().OPENSEARCH_URL, requestTimeout: 60_000, maxRetries: 0 });

/**
 * Keeps the products index (behind its alias) from catalog, inventory (outbox events and Debezium's
 * `inventory.cdc`), store and tenant events: each run of events becomes one bulk rebuild of the
 * products it touches, from PostgreSQL. While OpenSearch is down the runner retries with backoff (up to
 * 12 attempts, about two minutes) before a message goes to the DLQ, from where it can be replayed.
 */
export function createSearchProjectionWorker(deps: WorkerDeps, options: SearchProjectionOptions = {}): Worker {
  const client = options.client ?? writerClient();
  const prefix = options.prefix ?? searchEnv().SEARCH_INDEX_PREFIX;
  const consumer = createProductProjectionConsumer(
    deps,
    SEARCH_PROJECTION,
    async (ids) => {
      // Refreshed with the write: searchable when the bulk answers, not up to a refresh interval later
      // (on a busy node the scheduled refresh slips well past it). Under load the runner hands over
      // larger runs of events, so refreshes stay one per bulk, not one per event (decision 0025).
      await indexProducts(client, deps.db, productsAlias(prefix), ids, true);
    },
    options.observer,
  );
  const worker = consumerWorker(SEARCH_PROJECTION, consumer);
  return {
    ...worker,
    async start() {
      await ensureProductsIndex(client, prefix);
      await worker.start();
    },
    async stop() {
      await worker.stop();
      if (!options.client) await client.close();
    },
  };
}

export const searchProjectionWorker: WorkerDefinition = {
  name: SEARCH_PROJECTION,
  description: "keeps the OpenSearch products index from catalog, inventory (with CDC), store and tenant events",
  create: (deps) => createSearchProjectionWorker(deps),
};
