import { randomBytes } from "node:crypto";
import { asPlatform, type Db } from "@bazaar/db";
import { createSearchBackend, useSearchBackend, type SearchBackend } from "./opensearch";
import { ensureProductsIndex, productsAlias } from "./products-index";

// Test helpers: a run-unique index prefix (tests share one OpenSearch) and catalog rows written
// straight to PostgreSQL in platform context, for tests of the read side that need many products.

export interface TestSearch {
  backend: SearchBackend;
  prefix: string;
  refresh(): Promise<void>;
  close(): Promise<void>;
}

/** A backend on a fresh prefix, installed as the process's backend until close(). */
export async function startTestSearch(label: string): Promise<TestSearch> {
  const prefix = `t_${label.replace(/[^a-z0-9]/g, "")}_${randomBytes(3).toString("hex")}_`;
  const backend = createSearchBackend({ prefix, timeoutMs: 10_000 });
  await ensureProductsIndex(backend.client, prefix);
  const previous = useSearchBackend(backend);
  return {
    backend,
    prefix,
    async refresh() {
      await backend.client.indices.refresh({ index: productsAlias(prefix) }, { requestTimeout: 30_000 });
    },
    async close() {
      useSearchBackend(previous);
      await backend.client.indices.delete({ index: `${prefix}*` }, { requestTimeout: 30_000, ignore: [404] });
      await backend.close();
    },
  };
}

export interface SeedVariant {
  sku: string;
  priceAmount: number;
  optionValues?: Record<string, string>;
  /** On hand at one location; 0 or absent: out of stock. */
  stock?: number;
}

export interface SeedProduct {
  tenantId: string;
  storeId: string;
  title: string;
  handle: string;
  description?: string;
  categoryId?: string;
  tags?: string[];
  status?: "DRAFT" | "PUBLISHED" | "ARCHIVED";
  publishedAt?: Date;
  variants: SeedVariant[];
}

export async function seedProduct(db: Db, p: SeedProduct): Promise<{ id: string; variantIds: string[] }> {
  return asPlatform(db, async (tx) => {
    const status = p.status ?? "PUBLISHED";
    const product = await tx.product.create({
      data: {
        tenantId: p.tenantId,
        storeId: p.storeId,
        title: p.title,
        handle: p.handle,
        description: p.description ?? "",
        status,
        categoryId: p.categoryId ?? null,
        tags: p.tags ?? [],
        publishedAt: status === "PUBLISHED" ? (p.publishedAt ?? new Date()) : null,
      },
    });
    const names = [...new Set(p.variants.flatMap((v) => Object.keys(v.optionValues ?? {})))];
    for (const [position, name] of names.entries()) {
      const values = [...new Set(p.variants.map((v) => v.optionValues?.[name]).filter((v): v is string => !!v))];
      await tx.productOption.create({ data: { tenantId: p.tenantId, productId: product.id, name, position, values } });
    }
    let location = await tx.stockLocation.findFirst({ where: { tenantId: p.tenantId } });
    location ??= await tx.stockLocation.create({ data: { tenantId: p.tenantId, name: "Main", code: "main" } });
    const variantIds: string[] = [];
    for (const [position, v] of p.variants.entries()) {
      const variant = await tx.productVariant.create({
        data: {
          tenantId: p.tenantId,
          productId: product.id,
          sku: v.sku,
          title: Object.values(v.optionValues ?? {}).join(" / ") || "Default",
          optionValues: v.optionValues ?? {},
          priceAmount: v.priceAmount,
          currency: "EUR",
          position,
        },
      });
      variantIds.push(variant.id);
      if (v.stock) await tx.stockLevel.create({ data: { tenantId: p.tenantId, variantId: variant.id, locationId: location.id, onHand: v.stock } });
    }
    return { id: product.id, variantIds };
  });
}
