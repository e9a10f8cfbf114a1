import type { RouterInputs } from "@bazaar/api";

// The order list's filters live in the URL (a plain GET form), so a filtered list can be linked.

export const ORDER_STATUS_LABELS = {
  PENDING_PAYMENT: "Pending payment",
  PAID: "Paid",
  PARTIALLY_FULFILLED: "Partially fulfilled",
  FULFILLED: "Fulfilled",
  DELIVERED: "Delivered",
  CANCELLED: "Cancelled",
  PARTIALLY_REFUNDED: "Partially refunded",
  REFUNDED: "Refunded",
} as const;
export type OrderStatus = keyof typeof ORDER_STATUS_LABELS;

export const ORDER_STATUS_TONE: Record<OrderStatus, string> = {
  PENDING_PAYMENT: "neutral",
  PAID: "info",
  PARTIALLY_FULFILLED: "info",
  FULFILLED: "success",
  DELIVERED: "success",
  CANCELLED: "danger",
  PARTIALLY_REFUNDED: "warning",
  REFUNDED: "warning",
};

export interface OrderFilters {
  status?: OrderStatus;
  /** YYYY-MM-DD, inclusive. */
  from?: string;
  /** YYYY-MM-DD, inclusive (the API's bound is the next day). */
  to?: string;
  search?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const FIELDS = ["status", "from", "to", "search"] as const;

function one(value: string | string[] | undefined): string | undefined {
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
}

const validDay = (v: string | undefined) => (v && DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ? v : undefined);

/** The filters from the URL's query; anything malformed is dropped rather than sent to the API. */
export function parseOrderFilters(params: Record<string, string | string[] | undefined>): OrderFilters {
  const status = one(params.status)?.toUpperCase();
  const from = validDay(one(params.from));
  const to = validDay(one(params.to));
  const search = one(params.search)?.slice(0, 254);
  return {
    ...(status && status in ORDER_STATUS_LABELS ? { status: status as OrderStatus } : {}),
    ...(from ? { from } : {}),
    ...(to && (!from || to >= from) ? { to } : {}),
    ...(search ? { search } : {}),
  };
}

/** What `orders.list` is asked: whole UTC days, `to` inclusive. */
export function listInput(filters: OrderFilters, cursor?: string): RouterInputs["orders"]["list"] {
  const next = filters.to ? new Date(Date.parse(`${filters.to}T00:00:00Z`) + 86_400_000).toISOString() : undefined;
  return {
    limit: 25,
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.from ? { from: `${filters.from}T00:00:00.000Z` } : {}),
    ...(next ? { to: next } : {}),
    ...(filters.search ? { search: filters.search } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

export function orderFiltersQuery(form: { get(name: string): FormDataEntryValue | null }): string {
  const query = new URLSearchParams();
  for (const field of FIELDS) {
    const value = String(form.get(field) ?? "").trim();
    if (value) query.set(field, value);
  }
  return query.toString();
}
