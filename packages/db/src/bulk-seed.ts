import { randomUUID } from "node:crypto";
import pg from "pg";

// Loads N products × 3 variants (one "Size" option, prices, one stock level and its RECEIPT movement per
// variant) into one tenant as fast as PostgreSQL takes them: one multi-row INSERT per table per chunk
// (arrays through unnest, so a chunk is 5 statements whatever its size), one transaction per chunk, in
// platform context as the runtime role (row-level security applies as it does to the application).

export interface BulkSeedOptions {
  /** Runtime-role connection string (DATABASE_URL). */
  url: string;
  products: number;
  /** Created (ENTERPRISE, MARKETPLACE) with a store and a location when missing. */
  tenantSlug?: string;
  /** Products per transaction. */
  chunk?: number;
}

export interface BulkSeedResult {
  tenantId: string;
  products: number;
  variants: number;
  stockLevels: number;
  chunks: number;
  /** From connecting to the last commit. */
  ms: number;
}

const SIZES = ["S", "M", "L"] as const;

async function inPlatformTx<T>(client: pg.PoolClient, fn: () => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT set_config('app.platform', 'on', true), set_config('app.tenant_id', '', true)");
    const result = await fn();
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

async function ensureTenant(client: pg.PoolClient, slug: string) {
  return inPlatformTx(client, async () => {
    await client.query(
      `INSERT INTO tenants (id, slug, name, type, plan, updated_at) VALUES ($1, $2, $3, 'MARKETPLACE', 'ENTERPRISE', now())
       ON CONFLICT (slug) DO NOTHING`,
      [randomUUID(), slug, `Bulk seller ${slug}`],
    );
    const tenantId = (await client.query<{ id: string }>("SELECT id FROM tenants WHERE slug = $1", [slug])).rows[0]!.id;
    await client.query(
      `INSERT INTO stores (id, tenant_id, name, slug, updated_at) VALUES ($1, $2, $3, $4, now()) ON CONFLICT (slug) DO NOTHING`,
      [randomUUID(), tenantId, `Bulk store ${slug}`, `${slug}-store`.slice(0, 63)],
    );
    await client.query(
      `INSERT INTO stock_locations (id, tenant_id, name, code, updated_at) VALUES ($1, $2, 'Bulk warehouse', 'bulk', now())
       ON CONFLICT (tenant_id, code) DO NOTHING`,
      [randomUUID(), tenantId],
    );
    const storeId = (await client.query<{ id: string }>("SELECT id FROM stores WHERE tenant_id = $1 ORDER BY created_at LIMIT 1", [tenantId])).rows[0]!.id;
    const locationId = (await client.query<{ id: string }>("SELECT id FROM stock_locations WHERE tenant_id = $1 AND code = 'bulk'", [tenantId])).rows[0]!.id;
    const categories = (await client.query<{ id: string }>("SELECT id FROM categories WHERE path LIKE '%/%/%' ORDER BY path")).rows.map((r) => r.id);
    return { tenantId, storeId, locationId, categories };
  });
}

export async function bulkSeed(options: BulkSeedOptions): Promise<BulkSeedResult> {
  const chunkSize = options.chunk ?? 1_000;
  const slug = options.tenantSlug ?? "bulk-seller";
  const started = performance.now();
  const pool = new pg.Pool({ connectionString: options.url, max: 1, application_name: "bazaar-seed-bulk" });
  try {
    const client = await pool.connect();
    try {
      const { tenantId, storeId, locationId, categories } = await ensureTenant(client, slug);
      // Handles and SKUs are unique per tenant: a run prefix lets the generator run again into one tenant.
      const run = `${Date.now().toString(36)}${randomUUID().slice(0, 4)}`;
      let chunks = 0;
      for (let from = 0; from < options.products; from += chunkSize) {
        const count = Math.min(chunkSize, options.products - from);
        await inPlatformTx(client, () => insertChunk(client, { tenantId, storeId, locationId, categories, run, from, count }));
        chunks++;
      }
      return { tenantId, products: options.products, variants: options.products * 3, stockLevels: options.products * 3, chunks, ms: performance.now() - started };
    } finally {
      client.release();
    }
  } finally {
    await pool.end();
  }
}

interface Chunk {
  tenantId: string;
  storeId: string;
  locationId: string;
  categories: string[];
  run: string;
  from: number;
  count: number;
}

async function insertChunk(client: pg.PoolClient, c: Chunk): Promise<void> {
  const p = { id: [] as string[], title: [] as string[], handle: [] as string[], category: [] as (string | null)[] };
  const v = { id: [] as string[], product: [] as string[], sku: [] as string[], title: [] as string[], options: [] as string[], price: [] as number[], compareAt: [] as (number | null)[], position: [] as number[], onHand: [] as number[] };
  const levelIds: string[] = [];
  const movementIds: string[] = [];
  for (let k = 0; k < c.count; k++) {
    const i = c.from + k;
    const productId = randomUUID();
    p.id.push(productId);
    p.title.push(`Bulk product ${i + 1}`);
    p.handle.push(`bulk-${c.run}-${i + 1}`);
    p.category.push(c.categories.length > 0 ? c.categories[i % c.categories.length]! : null);
    const base = 500 + ((i * 7_919) % 20_000);
    SIZES.forEach((size, position) => {
      v.id.push(randomUUID());
      v.product.push(productId);
      v.sku.push(`BULK-${c.run}-${i + 1}-${size}`);
      v.title.push(size);
      v.options.push(JSON.stringify({ Size: size }));
      v.price.push(base + position * 200);
      v.compareAt.push(i % 5 === 0 ? base + position * 200 + 500 : null);
      v.position.push(position);
      // Every tenth variant sold out, so availability filters have something to filter.
      v.onHand.push((i + position) % 10 === 0 ? 0 : 1 + ((i * 31 + position * 17) % 200));
      levelIds.push(randomUUID());
      movementIds.push(randomUUID());
    });
  }

  await client.query(
    `INSERT INTO products (id, tenant_id, store_id, title, handle, status, category_id, tags, published_at, updated_at)
     SELECT id, $1, $2, title, handle, 'PUBLISHED', category, '["bulk"]'::jsonb, now(), now()
     FROM unnest($3::uuid[], $4::text[], $5::text[], $6::uuid[]) AS t(id, title, handle, category)`,
    [c.tenantId, c.storeId, p.id, p.title, p.handle, p.category],
  );
  await client.query(
    `INSERT INTO product_options (id, tenant_id, product_id, name, position, values)
     SELECT gen_random_uuid(), $1, product_id, 'Size', 0, $3::jsonb FROM unnest($2::uuid[]) AS t(product_id)`,
    [c.tenantId, p.id, JSON.stringify(SIZES)],
  );
  await client.query(
    `INSERT INTO product_variants (id, tenant_id, product_id, sku, title, option_values, price_amount, compare_at_amount, currency, low_stock_threshold, position, updated_at)
     SELECT id, $1, product_id, sku, title, options::jsonb, price, compare_at, 'USD', 5, position, now()
     FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::int[])
       AS t(id, product_id, sku, title, options, price, compare_at, position)`,
    [c.tenantId, v.id, v.product, v.sku, v.title, v.options, v.price, v.compareAt, v.position],
  );
  await client.query(
    `INSERT INTO stock_levels (id, tenant_id, variant_id, location_id, on_hand, reserved, updated_at)
     SELECT id, $1, variant_id, $2, on_hand, 0, now() FROM unnest($3::uuid[], $4::uuid[], $5::int[]) AS t(id, variant_id, on_hand)`,
    [c.tenantId, c.locationId, levelIds, v.id, v.onHand],
  );
  // The opening RECEIPT of every non-empty level, so the ledger rebuilds the levels exactly.
  await client.query(
    `INSERT INTO stock_movements (id, tenant_id, variant_id, location_id, kind, on_hand_delta, reserved_delta, reason)
     SELECT id, $1, variant_id, $2, 'RECEIPT', on_hand, 0, 'bulk seed: opening stock'
     FROM unnest($3::uuid[], $4::uuid[], $5::int[]) AS t(id, variant_id, on_hand) WHERE on_hand > 0`,
    [c.tenantId, c.locationId, movementIds, v.id, v.onHand],
  );
}
