import type { RouterInputs } from "@bazaar/api";

import { PRODUCT_STATUS_LABELS, type ProductStatus } from "./catalog-options";

export type ProductFilters = Omit<RouterInputs["catalog"]["listProducts"], "cursor" | "limit">;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FIELDS = ["q", "status", "categoryId", "collectionId"] as const;

type Source = { get(name: string): FormDataEntryValue | string | null | undefined };

function one(value: string | string[] | undefined): string | undefined {
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
}

/** The list filters from the URL's query; anything malformed is dropped rather than sent to the API. */
export function parseProductFilters(params: Record<string, string | string[] | undefined>): ProductFilters {
  const q = one(params.q)?.slice(0, 100);
  const status = one(params.status)?.toUpperCase();
  const categoryId = one(params.categoryId);
  const collectionId = one(params.collectionId);
  return {
    ...(q ? { q } : {}),
    ...(status && status in PRODUCT_STATUS_LABELS ? { status: status as ProductStatus } : {}),
    ...(categoryId && UUID.test(categoryId) ? { categoryId } : {}),
    ...(collectionId && UUID.test(collectionId) ? { collectionId } : {}),
  };
}

/** The filter form as a query string (empty fields left out). */
export function filtersQuery(form: Source): string {
  const query = new URLSearchParams();
  for (const field of FIELDS) {
    const value = String(form.get(field) ?? "").trim();
    if (value) query.set(field, value);
  }
  return query.toString();
}
