import { asPlatform, type Db } from "@bazaar/db";

// Reads what the search document and the product-detail read model are built from, straight from
// PostgreSQL in platform context (a projection spans every tenant), many products per query. Read-only:
// the catalog service stays the only writer of these tables. The snapshot is REPEATABLE READ and carries
// its own time in microseconds, which both projections use as the document's version, so a rebuild
// that read older rows can never overwrite one that read newer rows, whichever write lands last.

export interface SourceVariant {
  id: string;
  sku: string;
  title: string;
  optionValues: Record<string, string>;
  priceAmount: number;
  compareAtAmount: number | null;
  currency: string;
  /** On hand minus reserved over every location, never below 0. */
  available: number;
}

export interface SourceRendition {
  url: string;
  width: number;
  height: number;
}

export interface SourceImage {
  assetId: string;
  alt: string;
  position: number;
  renditions: { thumb: SourceRendition; card: SourceRendition; full: SourceRendition } | null;
}

export interface SourceProduct {
  id: string;
  tenantId: string;
  storeId: string;
  storeName: string;
  storeSlug: string;
  tenantActive: boolean;
  handle: string;
  title: string;
  description: string;
  status: "DRAFT" | "PUBLISHED" | "ARCHIVED";
  tags: string[];
  categoryId: string | null;
  /** Root first, the product's own category last. */
  categoryPath: { id: string; name: string; slug: string }[];
  options: { name: string; values: string[] }[];
  variants: SourceVariant[];
  collections: { id: string; handle: string; title: string }[];
  images: SourceImage[];
  /** Published product reviews from the ratings read model (reviews domain); 0/0 when none. */
  rating: { average: number; count: number };
  publishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SourceSnapshot {
  /** Microseconds since the epoch when the snapshot was taken. */
  version: number;
  products: Map<string, SourceProduct>;
}

interface Row {
  id: string;
  tenant_id: string;
  store_id: string;
  store_name: string;
  store_slug: string;
  tenant_active: boolean;
  handle: string;
  title: string;
  description: string;
  status: SourceProduct["status"];
  tags: string[];
  category_id: string | null;
  category_path: SourceProduct["categoryPath"];
  options: SourceProduct["options"];
  variants: (Omit<SourceVariant, "available"> & { available: number | string })[];
  collections: SourceProduct["collections"];
  images: SourceImage[];
  rating_count: number | null;
  rating_sum: number | null;
  published_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const PRODUCTS_SQL = `
SELECT p.id, p.tenant_id, p.store_id, s.name AS store_name, s.slug AS store_slug,
       (t.status = 'ACTIVE' AND t.deleted_at IS NULL) AS tenant_active,
       p.handle, p.title, p.description, p.status::text AS status, p.tags, p.category_id,
       p.published_at, p.created_at, p.updated_at,
       (SELECT coalesce(json_agg(json_build_object('id', a.id, 'name', a.name, 'slug', a.slug) ORDER BY length(a.path)), '[]'::json)
          FROM categories c JOIN categories a ON c.path = a.path OR c.path LIKE a.path || '/%'
         WHERE c.id = p.category_id) AS category_path,
       (SELECT coalesce(json_agg(json_build_object('name', o.name, 'values', o.values) ORDER BY o.position, o.name), '[]'::json)
          FROM product_options o WHERE o.product_id = p.id) AS options,
       (SELECT coalesce(json_agg(json_build_object(
                 'id', v.id, 'sku', v.sku, 'title', v.title, 'optionValues', v.option_values,
                 'priceAmount', v.price_amount, 'compareAtAmount', v.compare_at_amount, 'currency', v.currency,
                 'available', greatest(0, coalesce((SELECT sum(sl.on_hand - sl.reserved) FROM stock_levels sl WHERE sl.variant_id = v.id), 0))
               ) ORDER BY v.position, v.created_at), '[]'::json)
          FROM product_variants v WHERE v.product_id = p.id) AS variants,
       (SELECT coalesce(json_agg(json_build_object('id', c.id, 'handle', c.handle, 'title', c.title) ORDER BY c.title, c.id), '[]'::json)
          FROM product_collections pc JOIN collections c ON c.id = pc.collection_id WHERE pc.product_id = p.id) AS collections,
       (SELECT coalesce(json_agg(json_build_object('assetId', i.asset_id, 'alt', i.alt, 'position', i.position,
                 'renditions', CASE WHEN m.status = 'READY' THEN m.renditions END) ORDER BY i.position), '[]'::json)
          FROM product_images i LEFT JOIN media_assets m ON m.id = i.asset_id WHERE i.product_id = p.id) AS images,
       r.count AS rating_count, r.sum AS rating_sum
  FROM products p
  JOIN stores s ON s.id = p.store_id
  JOIN tenants t ON t.id = p.tenant_id
  LEFT JOIN product_ratings r ON r.product_id = p.id
 WHERE p.id = ANY($1::uuid[])`;

function toProduct(r: Row): SourceProduct {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    storeId: r.store_id,
    storeName: r.store_name,
    storeSlug: r.store_slug,
    tenantActive: r.tenant_active,
    handle: r.handle,
    title: r.title,
    description: r.description,
    status: r.status,
    tags: r.tags,
    categoryId: r.category_id,
    categoryPath: r.category_path,
    options: r.options,
    variants: r.variants.map((v) => ({ ...v, available: Number(v.available) })),
    collections: r.collections,
    images: r.images,
    rating: r.rating_count ? { average: Math.round(((r.rating_sum ?? 0) / r.rating_count) * 100) / 100, count: r.rating_count } : { average: 0, count: 0 },
    publishedAt: r.published_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The products among `ids` as they are now (missing ones were deleted), with the snapshot's version. */
export async function loadProducts(db: Db, ids: readonly string[]): Promise<SourceSnapshot> {
  return asPlatform(
    db,
    async (tx) => {
      // First statement of the transaction: its timestamp is (just before) the snapshot's.
      const [clock] = await tx.$queryRawUnsafe<{ us: bigint }[]>(`SELECT (extract(epoch FROM statement_timestamp()) * 1000000)::bigint AS us`);
      const rows = ids.length === 0 ? [] : await tx.$queryRawUnsafe<Row[]>(PRODUCTS_SQL, [...new Set(ids)]);
      return { version: Number(clock!.us), products: new Map(rows.map((r) => [r.id, toProduct(r)])) };
    },
    { isolationLevel: "RepeatableRead" },
  );
}

/** Whether a product belongs in the storefront's projections at all. */
export const isListed = (p: SourceProduct | undefined): p is SourceProduct => p !== undefined && p.status === "PUBLISHED" && p.tenantActive;

/** Product ids affected by a change of these variants (stock events name variants). */
export async function productIdsOfVariants(db: Db, variantIds: readonly string[]): Promise<string[]> {
  if (variantIds.length === 0) return [];
  return asPlatform(db, async (tx) => {
    const rows = await tx.$queryRawUnsafe<{ product_id: string }[]>(`SELECT DISTINCT product_id FROM product_variants WHERE id = ANY($1::uuid[])`, [...new Set(variantIds)]);
    return rows.map((r) => r.product_id);
  });
}

/** Products in a category or anywhere below it (a rename or move changes their category path). */
export async function productIdsUnderCategory(db: Db, path: string): Promise<string[]> {
  return asPlatform(db, async (tx) => {
    const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
      `SELECT p.id FROM products p JOIN categories c ON c.id = p.category_id WHERE c.path = $1 OR c.path LIKE $1 || '/%'`,
      path,
    );
    return rows.map((r) => r.id);
  });
}

/** Products of a store (its name and slug are in their documents). */
export async function productIdsOfStore(db: Db, storeId: string): Promise<string[]> {
  return asPlatform(db, async (tx) => {
    const rows = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM products WHERE store_id = $1::uuid`, storeId);
    return rows.map((r) => r.id);
  });
}
