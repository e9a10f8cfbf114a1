// Freshness: a product title changed through the catalog API (rows + outbox event in one transaction),
// relayed to Kafka and applied by the search projection, until a search for the new title finds it.
// Timed from the mutation returning (committed) to the first search that answers it, polled every 5 ms
// (so each figure is at most 5 ms late). The relay and the projection run in this process.
import type { Client } from "@opensearch-project/opensearch";
import { createOutboxRelayWorker } from "../../apps/workers/src/outbox-relay/outbox-relay.worker";
import { createSearchProjectionWorker } from "../../apps/workers/src/search/search-projection.consumer";
import { createWorkerHost } from "../../apps/workers/src/host";
import { createCaller } from "../../packages/api/src/root";
import { createTRPCContext } from "../../packages/api/src/trpc";
import type { Db } from "../../packages/db/src/client";
import { asPlatform } from "../../packages/db/src/tenant-context";
import { createKafka } from "../../packages/events/src/kafka";
import { provisionTopics } from "../../packages/events/src/provision";
import { deleteTopicsWithPrefix } from "../../packages/events/src/testing";
import { resolveTopicSpecs, topicRegistry } from "../../packages/events/src/topics";
import type { Logger } from "../../packages/observability/src/index";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Redis as RedisClient } from "ioredis";

const requireFromApi = createRequire(join(import.meta.dirname, "../../packages/api/package.json"));
const { Redis } = requireFromApi("ioredis") as { Redis: new (url: string, options?: object) => RedisClient };

export interface FreshnessResult {
  changes: number;
  p50: number;
  p99: number;
  max: number;
}

export interface FreshnessOptions {
  db: Db;
  databaseUrl: string;
  prefix: string;
  client: Client;
  changes: number;
  logger: Logger;
  findable: (token: string) => Promise<boolean>;
}

export async function measureFreshness(o: FreshnessOptions): Promise<FreshnessResult> {
  const topicPrefix = `bench.search.${o.prefix}`;
  const kafka = createKafka({ logger: o.logger });
  const admin = kafka.admin();
  await admin.connect();
  await provisionTopics(admin, resolveTopicSpecs(topicRegistry, { prefix: topicPrefix }));
  await admin.disconnect();
  const deps = { db: o.db, kafka, logger: o.logger, naming: { prefix: topicPrefix }, databaseUrl: o.databaseUrl };
  const host = createWorkerHost([createOutboxRelayWorker(deps), createSearchProjectionWorker(deps, { client: o.client, prefix: o.prefix })], o.logger);
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { keyPrefix: `bench:search:${o.prefix}` });
  await host.start();
  try {
    const { tenantId, userId, products } = await asPlatform(o.db, async (tx) => {
      const tenant = await tx.tenant.findFirstOrThrow({ where: { slug: { startsWith: "bench-search-" } } });
      const user = await tx.user.create({ data: { email: `bench.${o.prefix}@search.bench`, name: "Bench", passwordHash: "unused" } });
      await tx.membership.create({ data: { tenantId: tenant.id, userId: user.id, role: "OWNER" } });
      const products = await tx.product.findMany({ where: { tenantId: tenant.id }, select: { id: true }, take: o.changes });
      return { tenantId: tenant.id, userId: user.id, products: products.map((p) => p.id) };
    });
    const ctx = await createTRPCContext({ headers: { "x-tenant-id": tenantId }, db: o.db, redis, logger: o.logger, rateLimiter: null });
    const seller = createCaller({ ...ctx, session: { userId, platformRole: "NONE" } });
    const lags: number[] = [];
    for (const [i, productId] of products.entries()) {
      const { version } = await seller.catalog.getProduct({ productId });
      const token = `fresh${i}x${o.prefix.replace(/[^a-z0-9]/g, "")}`;
      await seller.catalog.updateProduct({ productId, version, title: `Bulk ${token}` });
      const committed = performance.now();
      for (;;) {
        if (await o.findable(token)) break;
        if (performance.now() - committed > 30_000) throw new Error(`change ${i} not searchable within 30 s`);
        await new Promise((r) => setTimeout(r, 5));
      }
      lags.push(performance.now() - committed);
    }
    lags.sort((a, b) => a - b);
    const at = (p: number) => lags[Math.min(lags.length - 1, Math.floor((p / 100) * lags.length))]!;
    return { changes: lags.length, p50: at(50), p99: at(99), max: lags.at(-1)! };
  } finally {
    await host.stop();
    redis.disconnect();
    await deleteTopicsWithPrefix(kafka, topicPrefix);
  }
}
