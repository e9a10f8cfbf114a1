import type { Client } from "@opensearch-project/opensearch";

// The products index: one document per published product (search-document.ts). Readers and the live
// projection only ever name the alias `<prefix>products`; the concrete index is `<prefix>products_v<N>`,
// so a reindex builds v<N+1> beside it and swaps the alias in one atomic _aliases call.

export const productsAlias = (prefix: string) => `${prefix}products`;
export const productsIndexName = (prefix: string, version: number) => `${prefix}products_v${version}`;

const textFields = { analyzer: "product_text" } as const;

export const productsIndexBody = {
  settings: {
    number_of_shards: 1,
    // A single node: replicas would stay unassigned and the index yellow.
    number_of_replicas: 0,
    // Freshness goal is under a second from commit to searchable; a small index refreshes cheaply.
    refresh_interval: "250ms",
    // search_after paging goes far past 10,000 without deep from/size; this only bounds `from`.
    max_result_window: 10_000,
    analysis: {
      filter: { product_stemmer: { type: "stemmer", language: "light_english" } },
      normalizer: { folded: { type: "custom", filter: ["lowercase", "asciifolding"] } },
      analyzer: {
        product_text: { type: "custom", tokenizer: "standard", filter: ["lowercase", "asciifolding", "product_stemmer"] },
        product_suggest: { type: "custom", tokenizer: "standard", filter: ["lowercase", "asciifolding"] },
      },
    },
  },
  mappings: {
    dynamic: "strict",
    properties: {
      id: { type: "keyword" },
      tenantId: { type: "keyword" },
      storeId: { type: "keyword" },
      storeSlug: { type: "keyword" },
      storeName: { type: "text", ...textFields, fields: { keyword: { type: "keyword" } } },
      /** `<storeId>|<storeName>`: one terms aggregation names its buckets. */
      storeFacet: { type: "keyword" },
      handle: { type: "keyword" },
      title: {
        type: "text",
        ...textFields,
        fields: {
          sort: { type: "keyword", normalizer: "folded" },
          suggest: { type: "search_as_you_type", analyzer: "product_suggest" },
        },
      },
      description: { type: "text", ...textFields },
      tags: { type: "keyword", normalizer: "folded", fields: { text: { type: "text", ...textFields } } },
      categoryId: { type: "keyword" },
      /** The product's category and every ancestor: a filter on a parent finds its subtree. */
      categoryIds: { type: "keyword" },
      categoryNames: { type: "text", ...textFields, fields: { suggest: { type: "search_as_you_type", analyzer: "product_suggest" } } },
      /** `<categoryId>|<name>` for each of categoryIds. */
      categoryFacet: { type: "keyword" },
      categoryPath: { type: "object", enabled: false },
      collectionIds: { type: "keyword" },
      collections: { type: "object", enabled: false },
      options: { type: "object", enabled: false },
      /** `<option name lower-cased>=<value>`, e.g. `size=M`, `colour=Red`. */
      optionPairs: { type: "keyword" },
      optionValues: { type: "text", ...textFields },
      skus: { type: "keyword", normalizer: "folded" },
      variants: { type: "object", enabled: false },
      currency: { type: "keyword" },
      minPrice: { type: "long" },
      maxPrice: { type: "long" },
      inStock: { type: "boolean" },
      availableQuantity: { type: "integer" },
      ratingAverage: { type: "float" },
      ratingCount: { type: "integer" },
      imageUrl: { type: "keyword", index: false, doc_values: false },
      publishedAt: { type: "date" },
      createdAt: { type: "date" },
      updatedAt: { type: "date" },
    },
  },
} as const;

const VERSIONED = /_v(\d+)$/;
/** Index management waits for the cluster (creating an index on a busy node takes seconds). */
export const ADMIN_REQUEST = { requestTimeout: 60_000 } as const;

/** The concrete indices behind `<prefix>products_v*`, with the ones the alias points at. */
export async function productIndices(client: Client, prefix: string): Promise<{ indices: { name: string; version: number }[]; live: string[] }> {
  const res = await client.indices.get({ index: `${productsIndexName(prefix, 0).replace(/0$/, "")}*`, allow_no_indices: true, expand_wildcards: "open" }, ADMIN_REQUEST);
  const body = res.body as Record<string, { aliases?: Record<string, unknown> }>;
  const alias = productsAlias(prefix);
  const indices = Object.keys(body)
    .filter((name) => name.startsWith(`${prefix}products_v`) && VERSIONED.test(name))
    .map((name) => ({ name, version: Number(VERSIONED.exec(name)![1]) }))
    .sort((a, b) => a.version - b.version);
  const live = indices.filter((i) => alias in (body[i.name]?.aliases ?? {})).map((i) => i.name);
  return { indices, live };
}

function alreadyExists(error: unknown): boolean {
  const e = error as { meta?: { body?: { error?: { type?: string } } } };
  return e.meta?.body?.error?.type === "resource_already_exists_exception";
}

/** Creates `name` with the current settings and mappings; false when it already existed. */
export async function createProductsIndex(client: Client, name: string): Promise<boolean> {
  try {
    await client.indices.create({ index: name, body: productsIndexBody as unknown as Record<string, unknown> }, ADMIN_REQUEST);
    return true;
  } catch (error) {
    if (alreadyExists(error)) return false;
    throw error;
  }
}

/**
 * Makes sure the alias exists, creating `<prefix>products_v1` behind it on a first start. Safe to call
 * from several processes at once: creation is idempotent and the alias is added only to v1.
 */
export async function ensureProductsIndex(client: Client, prefix: string): Promise<string> {
  const alias = productsAlias(prefix);
  const existing = await client.indices.getAlias({ name: alias }, { ...ADMIN_REQUEST, ignore: [404] });
  const names = Object.keys((existing.body ?? {}) as Record<string, unknown>).filter((n) => n !== "error" && n !== "status");
  if (existing.statusCode !== 404 && names.length > 0) return names[0]!;
  const first = productsIndexName(prefix, 1);
  await createProductsIndex(client, first);
  await client.indices.updateAliases({ body: { actions: [{ add: { index: first, alias } }] } }, ADMIN_REQUEST);
  return first;
}

/** Points the alias at `target` only, in one atomic call: readers see the old index or the new one. */
export async function swapProductsAlias(client: Client, prefix: string, target: string): Promise<string[]> {
  const { live } = await productIndices(client, prefix);
  const alias = productsAlias(prefix);
  const actions: Record<string, unknown>[] = [{ add: { index: target, alias } }];
  for (const old of live.filter((n) => n !== target)) actions.push({ remove: { index: old, alias } });
  await client.indices.updateAliases({ body: { actions } }, ADMIN_REQUEST);
  return live.filter((n) => n !== target);
}
