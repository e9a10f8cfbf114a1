import type { Db } from "@bazaar/db";
import type { Client } from "@opensearch-project/opensearch";
import { ADMIN_REQUEST } from "./products-index";
import { isListed, loadProducts } from "./product-source";
import { toSearchDocument } from "./search-document";

// The write side of the products index, shared by the projection worker, the reindex command and the
// single-product reindex. Documents are rebuilt from PostgreSQL, never patched from an event's payload:
// a redelivered, reordered or duplicated event only causes a rebuild to the same current state. Each
// write carries the source snapshot's time as an external version, so an older rebuild that lands after
// a newer one is refused by OpenSearch (version conflict) instead of overwriting it.

export interface IndexOutcome {
  indexed: number;
  deleted: number;
  /** Writes refused because the index already held a newer snapshot of that product. */
  stale: number;
}

interface BulkItem {
  status: number;
  error?: { type?: string; reason?: string };
}

/** Rebuilds the documents of `productIds` in `index` (an alias or a concrete index). */
export async function indexProducts(client: Client, db: Db, index: string, productIds: readonly string[], refresh = false): Promise<IndexOutcome> {
  const outcome: IndexOutcome = { indexed: 0, deleted: 0, stale: 0 };
  if (productIds.length === 0) return outcome;
  const { version, products } = await loadProducts(db, productIds);
  const body: Record<string, unknown>[] = [];
  for (const id of new Set(productIds)) {
    const product = products.get(id);
    if (isListed(product)) {
      body.push({ index: { _index: index, _id: id, version, version_type: "external_gte" } }, { ...toSearchDocument(product, product.rating) });
    } else {
      // Unpublished, archived, deleted or its tenant suspended: not searchable.
      body.push({ delete: { _index: index, _id: id, version, version_type: "external_gte" } });
    }
  }
  const res = await client.bulk({ body, refresh }, ADMIN_REQUEST);
  const items = (res.body as { items: Record<string, BulkItem>[] }).items;
  const failures: string[] = [];
  for (const item of items) {
    const [op, result] = Object.entries(item)[0] as [string, BulkItem];
    if (result.status === 409) outcome.stale += 1;
    else if (op === "delete" && (result.status === 404 || result.status === 200)) outcome.deleted += 1;
    else if (result.status >= 200 && result.status < 300) outcome.indexed += 1;
    else failures.push(`${op} ${result.status} ${result.error?.type ?? ""}: ${result.error?.reason ?? ""}`);
  }
  if (failures.length > 0) throw new Error(`bulk indexing failed for ${failures.length} item(s): ${failures.slice(0, 3).join("; ")}`);
  return outcome;
}
