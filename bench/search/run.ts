// Read-path benchmark of issue 7: product detail (Redis read model) and a category listing through the
// tRPC HTTP API, full-text search with facets (OpenSearch), and freshness (a committed product change →
// searchable). It loads its own catalog: a fresh database, a category tree, `bulkSeed` (the generator
// behind `pnpm --filter @bazaar/db seed:bulk`) with N products × 3 variants, then `reindexAll` into a
// run-unique index prefix; it starts the API server (packages/api) as a child process on its own port
// with the anonymous rate limit raised (stated in the report), runs each scenario with autocannon at 50
// connections (warm-up, then the measured window), then serves the storefront's production build
// (`next start` of apps/web, built first when it has no build) and times its product and category pages'
// HTML (first byte and whole page, 1 and 50 connections), and cleans up everything it created.
// Run from the repo root: pnpm bench:search   (infra up; env from `infra env`)
// Options (env): BENCH_PRODUCTS (10000), BENCH_SECONDS (20), BENCH_WARMUP (5), BENCH_CONNECTIONS (50),
// BENCH_FRESH (50 changes), BENCH_WRITE (results file, default RESULTS.md here), BENCH_PAGES (1; 0 skips the
// storefront's pages, and so its production build, when only the API's read paths are being measured).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { Writable } from "node:stream";
import type { Redis as RedisClient } from "ioredis";
import { writerClient } from "../../apps/workers/src/search/search-projection.consumer";
import { reindexAll } from "../../apps/workers/src/search/reindex";
import { createSearchBackend } from "../../packages/api/src/search/opensearch";
import { searchProducts } from "../../packages/api/src/search/search.service";
import { bulkSeed } from "../../packages/db/src/bulk-seed";
import { createDb } from "../../packages/db/src/client";
import { asPlatform } from "../../packages/db/src/tenant-context";
import { createTestDatabase } from "../../packages/db/src/testing";
import { createLogger } from "../../packages/observability/src/index";
import { measureFreshness } from "./freshness";
import { scenario, trpcQuery, type ScenarioResult } from "./load";
import { pageScenario, startWeb, type PageResult } from "./pages";
import { renderResults } from "./report";

const requireFromApi = createRequire(join(import.meta.dirname, "../../packages/api/package.json"));
const { Redis } = requireFromApi("ioredis") as { Redis: new (url: string, options?: object) => RedisClient };

const N = Number(process.env.BENCH_PRODUCTS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const FRESH = Number(process.env.BENCH_FRESH ?? 50);
const PAGES = process.env.BENCH_PAGES !== "0";
const resultsFile = process.env.BENCH_WRITE ?? join(import.meta.dirname, "RESULTS.md");
const PORT = 4410 + (process.pid % 50);
const RATE = "1000000";
const WEB_PORT = PORT + 50;
// Production refuses to start without a payments provider; the read paths never reach it, so the sandbox
// with a throwaway webhook secret (no sandbox process is started).
const apiEnv = {
  JWT_SECRET: randomBytes(32).toString("hex"),
  TWO_FACTOR_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  API_PROXY_SECRET: randomBytes(32).toString("hex"),
  PAYMENTS_PROVIDER: "sandbox",
  PAYMENTS_SANDBOX_WEBHOOK_SECRET: randomBytes(24).toString("hex"),
};

const logger = createLogger("bench-search", { level: "error", stream: new Writable({ write: (_c, _e, done) => done() }) });
const runId = randomBytes(3).toString("hex");
const prefix = `bench_${runId}_`;
const started = new Date();
const loadBefore = loadavg()[0]!;

const database = await createTestDatabase(`bench_search_${runId}`);
const db = createDb({ url: database.url, poolSize: 8, applicationName: "bench-search" });
const client = writerClient();
let api: ChildProcess | undefined;
let web: ChildProcess | undefined;
const stop = async (child: ChildProcess) => {
  if (!child.pid || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
};
let touched: string[] = [];
try {
  // A three-level tree (the generator files products under the leaves): 3 × 3 × 4 = 36 leaves.
  await asPlatform(db, async (tx) => {
    for (const root of ["apparel", "home", "outdoor"]) {
      const r = await tx.category.create({ data: { slug: root, name: root[0]!.toUpperCase() + root.slice(1), path: root } });
      for (let m = 1; m <= 3; m++) {
        const mid = await tx.category.create({ data: { slug: `${root}-${m}`, name: `${r.name} line ${m}`, path: `${root}/${root}-${m}`, parentId: r.id } });
        for (let l = 1; l <= 4; l++) {
          await tx.category.create({ data: { slug: `${root}-${m}-${l}`, name: `${r.name} ${m}.${l}`, path: `${mid.path}/${root}-${m}-${l}`, parentId: mid.id } });
        }
      }
    }
  });
  const seeded = await bulkSeed({ url: database.url, products: N, tenantSlug: `bench-search-${runId}` });
  console.log(`seeded ${seeded.products} products × 3 variants in ${(seeded.ms / 1000).toFixed(1)} s`);
  const reindex = await reindexAll({ db, client, prefix, logger });
  console.log(`indexed ${reindex.loaded} products in ${(reindex.ms / 1000).toFixed(1)} s`);

  const sample = await asPlatform(db, async (tx) => {
    const products = await tx.product.findMany({ select: { id: true, handle: true, store: { select: { slug: true } } }, take: 2_000 });
    const categories = await tx.category.findMany({ select: { id: true, path: true, parentId: true } });
    const parents = new Set(categories.map((c) => c.parentId));
    return {
      products: products.map((p) => p.id),
      productPages: products.map((p) => `/p/${p.store.slug}/${p.handle}`),
      categories: categories.map((c) => c.id),
      // The generator files products under the leaves; a leaf's page is /c/<root>/<mid>/<leaf>.
      categoryPages: categories.filter((c) => !parents.has(c.id)).map((c) => `/c/${c.path}`),
    };
  });
  touched = sample.products;
  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;

  // As `pnpm --filter @bazaar/api start` runs it: tracing hooks preloaded (spans are made even without an
  // exporter), so the figures include what instrumentation costs a production request.
  api = spawn(process.execPath, ["--import", "tsx", "--import", "./src/instrument.ts", "src/main.ts"], {
    cwd: join(import.meta.dirname, "../../packages/api"),
    env: {
      ...process.env,
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      DATABASE_URL: database.url,
      API_PORT: String(PORT),
      SEARCH_INDEX_PREFIX: prefix,
      RATE_LIMIT_GENERAL_BURST: RATE,
      RATE_LIMIT_GENERAL_PER_SECOND: RATE,
      ...apiEnv,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${PORT}`;
  for (let i = 0; ; i++) {
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (api.exitCode !== null) throw new Error(`the API server exited with ${api.exitCode}`);
    if (i > 600) throw new Error("the API server did not answer /health within 60 s");
    await new Promise((r) => setTimeout(r, 100));
  }
  // Every sampled product page once, so the measured window reads the read model (misses are not the point).
  for (let i = 0; i < sample.products.length; i += 50) {
    await Promise.all(sample.products.slice(i, i + 50).map((id) => fetch(url + trpcQuery("search.getProduct", { productId: id })).then((r) => r.text())));
  }
  const common = { url, pid: api.pid!, connections: CONNECTIONS, warmupSeconds: WARMUP, seconds: SECONDS };
  // OpenSearch's own time: one shard, so the index's query + fetch totals are per request.
  const engine = async () => {
    const res = await client.indices.stats({ index: `${prefix}products`, metric: "search" });
    const search = (res.body as { _all: { primaries: { search: { query_time_in_millis: number; fetch_time_in_millis: number; query_total: number } } } })._all.primaries.search;
    return { ms: search.query_time_in_millis + search.fetch_time_in_millis, count: search.query_total };
  };
  const results: ScenarioResult[] = [];
  results.push(await scenario("product detail (search.getProduct, Redis read model)", { ...common, paths: () => trpcQuery("search.getProduct", { productId: pick(sample.products) }) }));
  console.log(results.at(-1));
  results.push(await scenario("category listing, 20 products (search.listByCategory)", { ...common, engine, paths: () => trpcQuery("search.listByCategory", { categoryId: pick(sample.categories), limit: 20 }) }));
  console.log(results.at(-1));
  const words = ["product", "prodcut", "bulk product", "bulk prodct"];
  results.push(
    await scenario("full-text search with facets (search.searchProducts, typo-tolerant)", {
      ...common,
      engine,
      paths: () => trpcQuery("search.searchProducts", { q: `${pick(words)} ${1 + Math.floor(Math.random() * N)}`, withFacets: true, limit: 20 }),
    }),
  );
  console.log(results.at(-1));
  // The same searches one at a time: the engine's own latency, without 50 requests queueing on 2 cores.
  const searchPaths = () => trpcQuery("search.searchProducts", { q: `${pick(words)} ${1 + Math.floor(Math.random() * N)}`, withFacets: true, limit: 20 });
  results.push(await scenario("full-text search with facets, 1 connection", { ...common, engine, connections: 1, seconds: 10, paths: searchPaths }));
  console.log(results.at(-1));
  const pages: PageResult[] = [];
  if (PAGES) {
    // The storefront's HTML: the production build of apps/web against the same catalog, index and Redis.
    const webUrl = `http://127.0.0.1:${WEB_PORT}`;
    web = await startWeb(WEB_PORT, {
      ...apiEnv,
      DATABASE_URL: database.url,
      SEARCH_INDEX_PREFIX: prefix,
      RATE_LIMIT_GENERAL_BURST: RATE,
      RATE_LIMIT_GENERAL_PER_SECOND: RATE,
      LOG_LEVEL: "warn",
      NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
      NEXTAUTH_URL: webUrl,
      WEB_ORIGIN: webUrl,
    });
    const pageCommon = { url: webUrl, pid: web.pid!, warmupSeconds: WARMUP, seconds: SECONDS };
    const productPage = () => pick(sample.productPages);
    const categoryPage = () => pick(sample.categoryPages);
    for (const [name, paths] of [
      ["product page", productPage],
      ["category page, 24 products with facets", categoryPage],
    ] as const) {
      pages.push(await pageScenario(`${name}, 1 connection`, { ...pageCommon, connections: 1, seconds: Math.min(SECONDS, 10), paths }));
      console.log(pages.at(-1));
      pages.push(await pageScenario(`${name}, ${CONNECTIONS} connections`, { ...pageCommon, connections: CONNECTIONS, paths }));
      console.log(pages.at(-1));
    }
    await stop(web);
    web = undefined;
  }
  const backend = createSearchBackend({ prefix, timeoutMs: 10_000 });
  const freshness = await measureFreshness({ db, databaseUrl: database.url, prefix, client, changes: FRESH, logger, findable: async (token) => (await searchProducts(backend, { q: token, scope: {}, filters: {}, sort: "relevance", limit: 1, withFacets: false })).total > 0 });
  await backend.close();
  console.log(freshness);
  const cpu = cpus();
  writeFileSync(
    resultsFile,
    renderResults({
      date: started,
      products: N,
      seedMs: seeded.ms,
      indexMs: reindex.ms,
      connections: CONNECTIONS,
      seconds: SECONDS,
      warmup: WARMUP,
      rateLimit: RATE,
      results,
      pages,
      freshness,
      machine: { cores: cpu.length, cpuModel: cpu[0]?.model.trim() ?? "unknown", ramGiB: totalmem() / 1024 ** 3, node: process.version, loadBefore, loadAfter: loadavg()[0]! },
    }),
  );
  console.log(`wrote ${resultsFile}`);
} finally {
  if (web) await stop(web);
  if (api) await stop(api);
  // The product pages the API built are read models (no TTL): remove this run's.
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  for (let i = 0; i < touched.length; i += 500) await redis.del(...touched.slice(i, i + 500).map((id) => `catalog:product:${id}`));
  for (const key of await redis.keys(`catalog:product-handle:bench-search-${runId}-store:*`)) await redis.del(key);
  redis.disconnect();
  await client.indices.delete({ index: `${prefix}*` }, { requestTimeout: 60_000, ignore: [404] }).catch(() => undefined);
  await client.close();
  await db.$disconnect();
  await database.drop();
}
