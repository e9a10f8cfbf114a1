import type { RouterInputs } from "@bazaar/api";

// A listing's state lives in its URL (shareable, crawlable, works before the JavaScript arrives):
// `q`, `sort`, `cursor`, `category`, `store`, `price` (repeatable), `rating`, `stock=1` and `o.<option>`
// (repeatable, e.g. `o.size=M`). Parsing never throws: a value the search API would refuse is dropped, so a
// hand-edited URL shows a wider listing instead of an error page.

export type SearchInput = RouterInputs["search"]["searchProducts"];
export type Filters = NonNullable<SearchInput["filters"]>;
export type Sort = NonNullable<SearchInput["sort"]>;
export type PriceBucket = NonNullable<Filters["price"]>[number];

export const SORT_LABELS: Record<Sort, string> = {
  relevance: "Best match",
  price_asc: "Price: low to high",
  price_desc: "Price: high to low",
  newest: "Newest",
  rating: "Top rated",
};

export const PRICE_LABELS: Record<PriceBucket, string> = {
  "under-10": "Under 10",
  "10-25": "10 to 25",
  "25-50": "25 to 50",
  "50-100": "50 to 100",
  "100-250": "100 to 250",
  "250-plus": "250 and up",
};

export interface ListingState {
  q: string;
  sort: Sort | null;
  cursor: string | null;
  filters: Filters;
}

/** Next's `searchParams` shape. */
export type RawParams = Record<string, string | string[] | undefined>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CONTROL = /\p{Cc}/u;
const MAX_VALUES = 20;
const MAX_OPTIONS = 5;

const all = (raw: RawParams, key: string): string[] => {
  const v = raw[key];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((s) => s.length > 0 && !CONTROL.test(s));
};
const first = (raw: RawParams, key: string): string | undefined => all(raw, key)[0];
const unique = (values: string[]) => [...new Set(values)].slice(0, MAX_VALUES);

export function parseListingParams(raw: RawParams): ListingState {
  const filters: Filters = {};
  const categoryIds = unique(all(raw, "category").filter((id) => UUID.test(id)));
  if (categoryIds.length) filters.categoryIds = categoryIds;
  const storeIds = unique(all(raw, "store").filter((id) => UUID.test(id)));
  if (storeIds.length) filters.storeIds = storeIds;
  const price = unique(all(raw, "price").filter((p): p is PriceBucket => p in PRICE_LABELS)) as PriceBucket[];
  if (price.length) filters.price = price;
  const rating = Number(first(raw, "rating"));
  if (rating === 1 || rating === 2 || rating === 3 || rating === 4) filters.ratingMin = rating;
  if (first(raw, "stock") === "1") filters.inStock = true;
  const options: Record<string, string[]> = {};
  for (const key of Object.keys(raw).sort()) {
    const name = key.startsWith("o.") ? key.slice(2).trim().toLowerCase() : "";
    if (!name || name.length > 50 || CONTROL.test(name) || Object.keys(options).length >= MAX_OPTIONS) continue;
    const values = unique(all(raw, key).filter((v) => v.length <= 100));
    if (values.length) options[name] = values;
  }
  if (Object.keys(options).length) filters.options = options;

  const sort = first(raw, "sort");
  const cursor = first(raw, "cursor");
  return {
    q: (first(raw, "q") ?? "").trim().slice(0, 200),
    sort: sort && sort in SORT_LABELS ? (sort as Sort) : null,
    cursor: cursor && cursor.length <= 512 ? cursor : null,
    filters,
  };
}

function toSearchParams(state: ListingState): URLSearchParams {
  const out = new URLSearchParams();
  if (state.q) out.set("q", state.q);
  for (const id of state.filters.categoryIds ?? []) out.append("category", id);
  for (const id of state.filters.storeIds ?? []) out.append("store", id);
  for (const p of state.filters.price ?? []) out.append("price", p);
  if (state.filters.ratingMin !== undefined) out.set("rating", String(state.filters.ratingMin));
  if (state.filters.inStock) out.set("stock", "1");
  for (const [name, values] of Object.entries(state.filters.options ?? {})) for (const v of values) out.append(`o.${name}`, v);
  if (state.sort) out.set("sort", state.sort);
  if (state.cursor) out.set("cursor", state.cursor);
  return out;
}

export function listingHref(basePath: string, state: ListingState): string {
  const query = toSearchParams(state).toString();
  return query ? `${basePath}?${query}` : basePath;
}

const toggle = (values: readonly string[] | undefined, value: string) => {
  const next = (values ?? []).includes(value) ? (values ?? []).filter((v) => v !== value) : [...(values ?? []), value];
  return next.length ? next : undefined;
};

/** One facet value switched on or off. */
export type FacetChange =
  | { facet: "category" | "store"; id: string }
  | { facet: "price"; bucket: PriceBucket }
  | { facet: "rating"; min: 1 | 2 | 3 | 4 }
  | { facet: "inStock" }
  | { facet: "option"; name: string; value: string };

/** The state with one facet value toggled; a changed selection starts again from the first page. */
export function withFacet(state: ListingState, change: FacetChange): ListingState {
  const f: Filters = { ...state.filters };
  const set = <K extends keyof Filters>(key: K, value: Filters[K] | undefined) => {
    if (value === undefined) delete f[key];
    else f[key] = value;
  };
  switch (change.facet) {
    case "category":
      set("categoryIds", toggle(f.categoryIds, change.id));
      break;
    case "store":
      set("storeIds", toggle(f.storeIds, change.id));
      break;
    case "price":
      set("price", toggle(f.price, change.bucket) as PriceBucket[] | undefined);
      break;
    case "rating":
      set("ratingMin", f.ratingMin === change.min ? undefined : change.min);
      break;
    case "inStock":
      set("inStock", f.inStock ? undefined : true);
      break;
    case "option": {
      const options = { ...f.options };
      const values = toggle(options[change.name], change.value);
      if (values) options[change.name] = values;
      else delete options[change.name];
      set("options", Object.keys(options).length ? options : undefined);
      break;
    }
  }
  return { ...state, filters: f, cursor: null };
}

export function isSelected(state: ListingState, change: FacetChange): boolean {
  const f = state.filters;
  switch (change.facet) {
    case "category":
      return f.categoryIds?.includes(change.id) ?? false;
    case "store":
      return f.storeIds?.includes(change.id) ?? false;
    case "price":
      return f.price?.includes(change.bucket) ?? false;
    case "rating":
      return f.ratingMin === change.min;
    case "inStock":
      return f.inStock === true;
    case "option":
      return f.options?.[change.name]?.includes(change.value) ?? false;
  }
}

export const hasFilters = (state: ListingState) => Object.keys(state.filters).length > 0;
