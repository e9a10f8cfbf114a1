// `pnpm --filter @bazaar/workers reindex`                 rebuild the products index, swap the alias
// `pnpm --filter @bazaar/workers reindex --product <id>`  rebuild one product's document in place
import { parseArgs } from "node:util";
import { ensureProductsIndex, searchEnv } from "@bazaar/api/search";
import { createDb } from "@bazaar/db";
import { createLogger } from "@bazaar/observability";
import { z } from "zod";
import { reindexAll, reindexProduct } from "./reindex";
import { writerClient } from "./search-projection.consumer";

const { values } = parseArgs({ options: { product: { type: "string" } }, strict: true });
const product = values.product === undefined ? undefined : z.uuid().parse(values.product);

const logger = createLogger("reindex");
const db = createDb({ applicationName: "reindex", poolSize: 4 });
const client = writerClient();
const prefix = searchEnv().SEARCH_INDEX_PREFIX;
try {
  if (product) {
    await ensureProductsIndex(client, prefix);
    const outcome = await reindexProduct({ db, client, prefix }, product);
    logger.info("reindexed one product", { productId: product, ...outcome });
  } else {
    const report = await reindexAll({ db, client, prefix, logger });
    process.stdout.write(`${JSON.stringify(report)}\n`);
  }
} finally {
  await client.close();
  await db.$disconnect();
}
