import { createProductsIndex, indexProducts, productIndices, productsAlias, productsIndexName, swapProductsAlias } from "@bazaar/api/search";
import { asPlatform, type Db } from "@bazaar/db";
import type { Logger } from "@bazaar/observability";
import type { Client } from "@opensearch-project/opensearch";

// Zero-downtime rebuild of the products index. The live projection keeps writing to the alias (the old
// index) the whole time; searches keep reading it. Steps:
//   1. note the database time T0, create <prefix>products_v<N+1> (refresh off while loading);
//   2. load every listed product from PostgreSQL into it, in pages;
//   3. catch up: rebuild the products changed since the previous pass began (products, their stock,
//      stores, categories, collections, tenants, by updated_at), a few passes until a pass is quiet;
//   4. swap the alias in one atomic call; 5. one more catch-up pass after the swap, which covers
//      whatever the projection wrote to the old index between the last pass and the swap.
// Versions (the source snapshot's time) keep a catch-up rebuild from overwriting a newer projection
// write and vice versa. The previous index is kept (rollback = swap back); older ones are deleted.
// The first catch-up pass and the one after the swap reach CLOCK_MARGIN_MS back, for late commits.

const PAGE = 500;
const CLOCK_MARGIN_MS = 30_000;
const MAX_PASSES = 5;
const PASS_OVERLAP_MS = 1_000;

export interface ReindexOptions {
  db: Db;
  client: Client;
  prefix: string;
  logger: Logger;
  /** Called after the bulk load, before catching up (tests change data there). */
  afterLoad?: () => Promise<void>;
}

export interface ReindexReport {
  index: string;
  previous: string[];
  deleted: string[];
  loaded: number;
  caughtUp: number;
  ms: number;
}

async function dbNow(db: Db): Promise<Date> {
  const [row] = await db.$queryRawUnsafe<{ now: Date }[]>(`SELECT clock_timestamp() AS now`);
  return row!.now;
}

async function listedPage(db: Db, after: string | null): Promise<string[]> {
  return asPlatform(db, async (tx) =>
    (
      await tx.$queryRawUnsafe<{ id: string }[]>(
        `SELECT p.id FROM products p JOIN tenants t ON t.id = p.tenant_id
          WHERE p.status = 'PUBLISHED' AND t.status = 'ACTIVE' AND t.deleted_at IS NULL AND ($1::uuid IS NULL OR p.id > $1::uuid)
          ORDER BY p.id LIMIT ${PAGE}`,
        after,
      )
    ).map((r) => r.id),
  );
}

/** Products whose document may have changed since `since` (any status: a change may unlist one). */
export async function productsChangedSince(db: Db, since: Date): Promise<string[]> {
  return asPlatform(db, async (tx) =>
    (
      await tx.$queryRawUnsafe<{ id: string }[]>(
        `SELECT id FROM products WHERE updated_at >= $1
         UNION SELECT v.product_id FROM stock_levels sl JOIN product_variants v ON v.id = sl.variant_id WHERE sl.updated_at >= $1
         UNION SELECT v.product_id FROM product_variants v WHERE v.updated_at >= $1
         UNION SELECT p.id FROM products p JOIN stores s ON s.id = p.store_id WHERE s.updated_at >= $1
         UNION SELECT p.id FROM products p JOIN tenants t ON t.id = p.tenant_id WHERE t.updated_at >= $1
         UNION SELECT pc.product_id FROM product_collections pc JOIN collections c ON c.id = pc.collection_id WHERE c.updated_at >= $1
         UNION SELECT p.id FROM products p JOIN categories c ON c.id = p.category_id
                 JOIN categories a ON (c.path = a.path OR c.path LIKE a.path || '/%') WHERE a.updated_at >= $1`,
        since,
      )
    ).map((r) => r.id),
  );
}

async function rebuild(client: Client, db: Db, index: string, ids: string[]): Promise<number> {
  for (let i = 0; i < ids.length; i += PAGE) await indexProducts(client, db, index, ids.slice(i, i + PAGE));
  return ids.length;
}

export async function reindexAll(o: ReindexOptions): Promise<ReindexReport> {
  const started = performance.now();
  const { indices } = await productIndices(o.client, o.prefix);
  const next = productsIndexName(o.prefix, (indices.at(-1)?.version ?? 0) + 1);
  let passStart = new Date((await dbNow(o.db)).getTime() - CLOCK_MARGIN_MS);
  await createProductsIndex(o.client, next);
  await o.client.indices.putSettings({ index: next, body: { index: { refresh_interval: "-1" } } }, { requestTimeout: 60_000 });
  let loaded = 0;
  for (let after: string | null = null; ; ) {
    const ids = await listedPage(o.db, after);
    if (ids.length === 0) break;
    await indexProducts(o.client, o.db, next, ids);
    loaded += ids.length;
    after = ids.at(-1)!;
  }
  o.logger.info("reindex: loaded", { index: next, loaded });
  await o.afterLoad?.();
  let caughtUp = 0;
  // The first pass reaches back CLOCK_MARGIN_MS before T0; later ones only a little before the previous
  // pass (they converge on a quiet pass); the pass after the swap reaches back the full margin again.
  let lastPass = passStart;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const now = await dbNow(o.db);
    const changed = await productsChangedSince(o.db, passStart);
    caughtUp += await rebuild(o.client, o.db, next, changed);
    lastPass = now;
    passStart = new Date(now.getTime() - PASS_OVERLAP_MS);
    if (changed.length === 0) break;
  }
  passStart = new Date(lastPass.getTime() - CLOCK_MARGIN_MS);
  await o.client.indices.putSettings({ index: next, body: { index: { refresh_interval: "250ms" } } }, { requestTimeout: 60_000 });
  await o.client.indices.refresh({ index: next }, { requestTimeout: 60_000 });
  const previous = await swapProductsAlias(o.client, o.prefix, next);
  caughtUp += await rebuild(o.client, o.db, next, await productsChangedSince(o.db, passStart));
  // Keep the index just replaced (searches that resolved the alias a moment ago, and rollback).
  const keep = new Set([next, ...previous]);
  const deleted = (await productIndices(o.client, o.prefix)).indices.map((i) => i.name).filter((n) => !keep.has(n));
  if (deleted.length > 0) await o.client.indices.delete({ index: deleted.join(",") }, { requestTimeout: 60_000 });
  const report = { index: next, previous, deleted, loaded, caughtUp, ms: Math.round(performance.now() - started) };
  o.logger.info("reindex: alias swapped", { alias: productsAlias(o.prefix), ...report });
  return report;
}

/** Rebuilds one product's document in the live index (or removes it when it is not listed). */
export async function reindexProduct(o: Pick<ReindexOptions, "db" | "client" | "prefix">, productId: string) {
  return indexProducts(o.client, o.db, productsAlias(o.prefix), [productId], true);
}
