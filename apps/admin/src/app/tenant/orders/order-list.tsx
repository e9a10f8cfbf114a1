"use client";

import { formatDateTime, formatMoney } from "@bazaar/next-kit/format";
import { useTRPC } from "@bazaar/next-kit/react";
import { keepPreviousData, skipToken, useQuery, useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import type { FormEvent } from "react";

import { CursorPager, useCursorPages } from "../../cursor-pager";
import { listInput, ORDER_STATUS_LABELS, ORDER_STATUS_TONE, orderFiltersQuery, type OrderFilters } from "./order-filters";
import { LabelOptions } from "../../label-options";

/** The seller's orders, newest first: filters in the URL, keyset pages. */
export function OrderList({ filters }: { filters: OrderFilters }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const pages = useCursorPages();
  const first = useSuspenseQuery(trpc.orders.list.queryOptions(listInput(filters)));
  const later = useQuery({ ...trpc.orders.list.queryOptions(pages.cursor ? listInput(filters, pages.cursor) : skipToken), placeholderData: keepPreviousData });
  const page = (pages.cursor ? later.data : undefined) ?? first.data;

  function applyFilters(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const query = orderFiltersQuery(new FormData(event.currentTarget));
    router.push(query ? `${pathname}?${query}` : pathname);
  }

  return (
    <div className="stack">
      <form className="card inline-form" method="get" onSubmit={applyFilters} role="search" aria-label="Filter orders">
        <div className="field">
          <label htmlFor="filter-search">Order id or shopper email</label>
          <input id="filter-search" name="search" type="search" maxLength={254} defaultValue={filters.search} />
        </div>
        <div className="field">
          <label htmlFor="filter-status">Status</label>
          <select id="filter-status" name="status" defaultValue={filters.status ?? ""}>
            <option value="">Any</option>
            <LabelOptions labels={ORDER_STATUS_LABELS} />
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-from">Placed from</label>
          <input id="filter-from" name="from" type="date" defaultValue={filters.from} />
        </div>
        <div className="field">
          <label htmlFor="filter-to">Placed until</label>
          <input id="filter-to" name="to" type="date" defaultValue={filters.to} />
        </div>
        <button type="submit" className="button">
          Filter
        </button>
      </form>

      <table className="data-table" data-testid="orders" aria-busy={later.isFetching}>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Placed</th>
            <th scope="col">Status</th>
            <th scope="col">Items</th>
            <th scope="col">Total</th>
            <th scope="col">Tracking</th>
          </tr>
        </thead>
        <tbody>
          {page.items.length === 0 ? (
            <tr>
              <td colSpan={6}>No orders match.</td>
            </tr>
          ) : null}
          {page.items.map((o) => (
            <tr key={o.id} data-order-id={o.id}>
              <td>
                <Link href={`/tenant/orders/${o.id}`}>
                  <code>{o.id.slice(0, 8)}</code>
                </Link>
              </td>
              <td>{formatDateTime(o.createdAt)}</td>
              <td>
                <span className="badge" data-tone={ORDER_STATUS_TONE[o.status]}>
                  {ORDER_STATUS_LABELS[o.status]}
                </span>
              </td>
              <td>{o.lines.reduce((n, l) => n + l.quantity, 0)}</td>
              <td>{formatMoney(o.totalAmount, o.currency)}</td>
              <td>{o.trackingNumber ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <CursorPager pages={pages} nextCursor={page.nextCursor} labels={["Previous", "Next"]} />
    </div>
  );
}
