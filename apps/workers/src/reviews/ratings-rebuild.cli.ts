// `pnpm --filter @bazaar/workers ratings:rebuild`   recompute every product and seller rating from the
// reviews table (PostgreSQL), then reindex the search documents of the products whose rating changed.
// Safe while the ratings-projection worker runs: both compute from the same rows.
import { rebuildRatings } from "@bazaar/api/reviews";
import { searchEnv } from "@bazaar/api/search";
import { createDb } from "@bazaar/db";
import { createLogger } from "@bazaar/observability";
import { reindexProduct } from "../search/reindex";
import { writerClient } from "../search/search-projection.consumer";

const logger = createLogger("ratings-rebuild");
const db = createDb({ applicationName: "ratings-rebuild", poolSize: 2 });
const client = writerClient();
try {
  const report = await rebuildRatings(db);
  for (const productId of report.changedProducts) await reindexProduct({ db, client, prefix: searchEnv().SEARCH_INDEX_PREFIX }, productId);
  logger.info("ratings rebuilt", { products: report.products, sellers: report.sellers, reindexed: report.changedProducts.length });
  process.stdout.write(`${JSON.stringify({ products: report.products, sellers: report.sellers, reindexed: report.changedProducts.length })}\n`);
} finally {
  await client.close();
  await db.$disconnect();
}
