import { createConsumer, stockLevelDecoder, type ConsumerObserver } from "@bazaar/events";
import { Redis } from "ioredis";
import { workersEnv } from "../env";
import { consumerWorker, type Worker, type WorkerDefinition, type WorkerDeps } from "../worker";
import { applyStockChange } from "./availability.service";

export const STOCK_AVAILABILITY = "stock-availability";

export interface StockAvailabilityOptions {
  /** Where the read model lives. Default: a client on REDIS_URL, closed on stop. */
  redis?: Redis;
  observer?: ConsumerObserver;
}

/**
 * Keeps the Redis availability read model from Debezium's `stock_levels` change events on
 * `inventory.cdc`. The messages are Debezium's, not our envelopes: the stock-level decoder maps each one
 * onto `inventory.stock-level.captured` with an id derived from its row and LSN, so the runner's inbox
 * drops redeliveries and anything it cannot map goes to `inventory.cdc.dlq`.
 */
export function createStockAvailabilityWorker(deps: WorkerDeps, options: StockAvailabilityOptions = {}): Worker {
  const ownRedis = options.redis ? undefined : new Redis(workersEnv().REDIS_URL, { maxRetriesPerRequest: 3, lazyConnect: true });
  const redis = options.redis ?? ownRedis!;
  const consumer = createConsumer({
    groupId: `${deps.naming.prefix}${STOCK_AVAILABILITY}`,
    db: deps.db,
    kafka: deps.kafka,
    naming: deps.naming,
    decode: stockLevelDecoder,
    logger: deps.logger.child({ worker: STOCK_AVAILABILITY }),
    subscriptions: {
      "inventory.stock-level.captured": async (event) => {
        // Written before the inbox row commits; a retry after a failed commit finds the LSN applied.
        await applyStockChange(redis, event.payload);
      },
    },
    ...(options.observer ? { observer: options.observer } : {}),
  });
  const worker = consumerWorker(STOCK_AVAILABILITY, consumer);
  return {
    ...worker,
    async stop() {
      await worker.stop();
      ownRedis?.disconnect();
    },
  };
}

export const stockAvailabilityWorker: WorkerDefinition = {
  name: STOCK_AVAILABILITY,
  description: "keeps the Redis availability read model per variant from the stock_levels CDC stream",
  create: (deps) => createStockAvailabilityWorker(deps),
};
