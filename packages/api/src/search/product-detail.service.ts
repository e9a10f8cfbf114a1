import { randomUUID } from "node:crypto";
import { asPlatform, type Db } from "@bazaar/db";
import { metrics } from "@bazaar/observability";
import type { Redis } from "ioredis";
import { NotFoundError } from "../errors";
import { isListed, loadProducts, type SourceProduct, type SourceVariant } from "./product-source";

// The product page's read model (CQRS): one Redis hash per product, `catalog:product:<id>`, with
// `version` (the source snapshot's time in µs) and `doc` (the ProductDetail JSON, or "" when the
// product is not listed: draft, archived, deleted or its tenant suspended). A read model: no TTL; the
// product-detail projection worker rewrites it on every catalog, inventory and store event, and it can
// be rebuilt from PostgreSQL at any time. `catalog:product-handle:<storeSlug>:<handle>` maps a
// storefront URL to the id (also a read model; a stale entry is detected and corrected on read).

export interface ProductDetail {
  id: string;
  handle: string;
  title: string;
  description: string;
  tags: string[];
  store: { id: string; name: string; slug: string };
  category: { id: string; name: string; slug: string }[];
  options: { name: string; values: string[] }[];
  variants: (SourceVariant & { inStock: boolean })[];
  images: { assetId: string; alt: string; thumbUrl: string | null; cardUrl: string | null; fullUrl: string | null; width: number | null; height: number | null }[];
  collections: { id: string; handle: string; title: string }[];
  rating: { average: number; count: number };
  inStock: boolean;
  publishedAt: string | null;
  updatedAt: string;
}

export const productDetailKey = (productId: string) => `catalog:product:${productId}`;
export const productHandleKey = (storeSlug: string, handle: string) => `catalog:product-handle:${storeSlug}:${handle}`;
const lockKey = (productId: string) => `lock:catalog:product:${productId}`;
/** Long enough for one rebuild; a crashed holder frees the product after it. */
const LOCK_TTL_MS = 5_000;

export function toProductDetail(p: SourceProduct): ProductDetail {
  return {
    id: p.id,
    handle: p.handle,
    title: p.title,
    description: p.description,
    tags: p.tags,
    store: { id: p.storeId, name: p.storeName, slug: p.storeSlug },
    category: p.categoryPath,
    options: p.options,
    variants: p.variants.map((v) => ({ ...v, inStock: v.available > 0 })),
    images: p.images.map((i) => ({
      assetId: i.assetId,
      alt: i.alt,
      thumbUrl: i.renditions?.thumb.url ?? null,
      cardUrl: i.renditions?.card.url ?? null,
      fullUrl: i.renditions?.full.url ?? null,
      width: i.renditions?.full.width ?? null,
      height: i.renditions?.full.height ?? null,
    })),
    collections: p.collections,
    rating: p.rating,
    inStock: p.variants.some((v) => v.available > 0),
    publishedAt: p.publishedAt?.toISOString() ?? null,
    updatedAt: p.updatedAt.toISOString(),
  };
}

// Writes only when newer than what the hash holds, so a slow rebuild never overwrites a fresher one.
const WRITE_LUA = `
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '-1')
if tonumber(ARGV[1]) < current then return 0 end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'doc', ARGV[2])
if ARGV[3] ~= '' then redis.call('SET', KEYS[2], ARGV[3]) end
return 1
`;

/** Rebuilds the read model of `productIds` from PostgreSQL; returns the details that are listed. */
export async function refreshProductDetails(redis: Redis, db: Db, productIds: readonly string[]): Promise<Map<string, ProductDetail>> {
  const out = new Map<string, ProductDetail>();
  if (productIds.length === 0) return out;
  const { version, products } = await loadProducts(db, productIds);
  const pipeline = redis.pipeline();
  for (const id of new Set(productIds)) {
    const p = products.get(id);
    const detail = isListed(p) ? toProductDetail(p) : null;
    if (detail) out.set(id, detail);
    const handleKey = p && detail ? productHandleKey(p.storeSlug, p.handle) : productDetailKey(id);
    pipeline.eval(WRITE_LUA, 2, productDetailKey(id), handleKey, String(version), detail ? JSON.stringify(detail) : "", detail ? id : "");
  }
  const results = await pipeline.exec();
  const failed = results?.find(([error]) => error);
  if (failed) throw failed[0];
  return out;
}

function parse(doc: string | null | undefined, id: string): ProductDetail {
  if (!doc) throw new NotFoundError("product", { productId: id });
  return JSON.parse(doc) as ProductDetail;
}

/** Rebuilds on a read miss; one per product however many readers missed at once. */
export const productDetailMissRebuilds = metrics.counter({ name: "product_detail_miss_rebuilds_total", help: "product-detail read model rebuilds caused by a read miss" });

const inflight = new Map<string, Promise<string>>();

/** The doc of `productId`, rebuilding it once when Redis has never seen it. */
async function readOrRebuild(redis: Redis, db: Db, productId: string): Promise<string> {
  const [version, doc] = await redis.hmget(productDetailKey(productId), "version", "doc");
  if (version !== null) return doc ?? "";
  // A miss: one rebuild per process (single flight) and one across processes (a lock with a TTL);
  // the others wait a bounded time for its result and only then read PostgreSQL themselves.
  let pending = inflight.get(productId);
  if (!pending) {
    pending = rebuildOnce(redis, db, productId).finally(() => inflight.delete(productId));
    inflight.set(productId, pending);
  }
  return pending;
}

async function rebuildOnce(redis: Redis, db: Db, productId: string): Promise<string> {
  const token = `${process.pid}:${randomUUID()}`;
  const locked = await redis.set(lockKey(productId), token, "PX", LOCK_TTL_MS, "NX");
  if (locked) {
    productDetailMissRebuilds.inc();
    try {
      const built = await refreshProductDetails(redis, db, [productId]);
      const detail = built.get(productId);
      return detail ? JSON.stringify(detail) : "";
    } finally {
      await redis.eval(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`, 1, lockKey(productId), token);
    }
  }
  for (let waited = 0; waited < 1_000; waited += 25) {
    await new Promise((r) => setTimeout(r, 25));
    const [version, doc] = await redis.hmget(productDetailKey(productId), "version", "doc");
    if (version !== null) return doc ?? "";
  }
  const { products } = await loadProducts(db, [productId]);
  const p = products.get(productId);
  return isListed(p) ? JSON.stringify(toProductDetail(p)) : "";
}

export async function getProductDetail(redis: Redis, db: Db, productId: string): Promise<ProductDetail> {
  return parse(await readOrRebuild(redis, db, productId), productId);
}

/** A storefront URL (`/s/<storeSlug>/p/<handle>`) to its product page. */
export async function getProductDetailByHandle(redis: Redis, db: Db, storeSlug: string, handle: string): Promise<ProductDetail> {
  const cachedId = await redis.get(productHandleKey(storeSlug, handle));
  if (cachedId) {
    const detail = await getProductDetail(redis, db, cachedId).catch(() => null);
    if (detail && detail.handle === handle && detail.store.slug === storeSlug) return detail;
  }
  const id = await asPlatform(db, async (tx) => {
    const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
      `SELECT p.id FROM products p JOIN stores s ON s.id = p.store_id WHERE s.slug = $1 AND p.handle = $2 LIMIT 1`,
      storeSlug,
      handle,
    );
    return rows[0]?.id;
  });
  if (!id) throw new NotFoundError("product", { storeSlug, handle });
  const detail = await getProductDetail(redis, db, id);
  if (detail.handle !== handle) throw new NotFoundError("product", { storeSlug, handle });
  return detail;
}
