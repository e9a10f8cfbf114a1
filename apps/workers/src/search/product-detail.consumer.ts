import { refreshProductDetails } from "@bazaar/api/search";
import type { ConsumerObserver } from "@bazaar/events";
import { Redis } from "ioredis";
import { workersEnv } from "../env";
import { consumerWorker, type Worker, type WorkerDefinition, type WorkerDeps } from "../worker";
import { createProductProjectionConsumer } from "./affected-products";

export const PRODUCT_DETAIL_PROJECTION = "product-detail-projection";

export interface ProductDetailProjectionOptions {
  /** Where the read model lives. Default: a client on REDIS_URL, closed on stop. */
  redis?: Redis;
  observer?: ConsumerObserver;
}

/**
 * Keeps the product page's Redis read model (`catalog:product:<id>`, no TTL) from the same events as
 * the search projection, in its own consumer group so either can lag or be replayed alone.
 */
export function createProductDetailProjectionWorker(deps: WorkerDeps, options: ProductDetailProjectionOptions = {}): Worker {
  const ownRedis = options.redis ? undefined : new Redis(workersEnv().REDIS_URL, { maxRetriesPerRequest: 3, lazyConnect: true });
  const redis = options.redis ?? ownRedis!;
  const consumer = createProductProjectionConsumer(
    deps,
    PRODUCT_DETAIL_PROJECTION,
    async (ids) => {
      await refreshProductDetails(redis, deps.db, ids);
    },
    options.observer,
  );
  const worker = consumerWorker(PRODUCT_DETAIL_PROJECTION, consumer);
  return {
    ...worker,
    async stop() {
      await worker.stop();
      ownRedis?.disconnect();
    },
  };
}

export const productDetailProjectionWorker: WorkerDefinition = {
  name: PRODUCT_DETAIL_PROJECTION,
  description: "keeps the product-detail Redis read model (catalog:product:<id>) from catalog, inventory, store and tenant events",
  create: (deps) => createProductDetailProjectionWorker(deps),
};
