"use client";

import { formatDateTime, formatMoney } from "@bazaar/next-kit/format";
import { useTRPC } from "@bazaar/next-kit/react";
import { keepPreviousData, skipToken, useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";

import { CursorPager, useCursorPages } from "../../cursor-pager";
import { PAYOUT_STATUS_LABELS } from "../ledger/ledger-labels";
import { LabelOptions } from "../../label-options";

type Status = "PENDING" | "SENT" | "PAID" | "FAILED";

/** The seller's payouts, newest first, with their status. */
export function PayoutsView() {
  const trpc = useTRPC();
  const [status, setStatus] = useState<Status | "">("");
  const pages = useCursorPages();
  // The unfiltered first page is what the server prefetched: read it with suspense, so the server's HTML
  // and the first client render agree (a plain useQuery renders "Loading…" on the server and the
  // streamed data on the client: a hydration mismatch). Filters and later pages load on the client.
  const first = useSuspenseQuery(trpc.payouts.list.queryOptions({ limit: 20 }));
  const narrowed = Boolean(status || pages.cursor);
  const later = useQuery({
    ...trpc.payouts.list.queryOptions(narrowed ? { limit: 20, ...(status ? { status } : {}), ...(pages.cursor ? { cursor: pages.cursor } : {}) } : skipToken),
    placeholderData: keepPreviousData,
  });
  const data = narrowed ? later.data : first.data;
  return (
    <div className="stack">
      <div className="card inline-form">
        <div className="field">
          <label htmlFor="filter-status">Status</label>
          <select
            id="filter-status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as Status | "");
              pages.reset();
            }}
          >
            <option value="">Any</option>
            <LabelOptions labels={PAYOUT_STATUS_LABELS} />
          </select>
        </div>
      </div>
      <section aria-labelledby="payouts-heading" data-testid="payouts">
        <h2 id="payouts-heading">Payouts</h2>
        {!data ? (
          <p>Loading…</p>
        ) : data.items.length === 0 ? (
          <p>No payouts yet.</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Amount</th>
                <th scope="col">Status</th>
                <th scope="col">Sales up to</th>
                <th scope="col">Transfer</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((p) => (
                <tr key={p.id}>
                  <td>{formatDateTime(p.createdAt)}</td>
                  <td>{formatMoney(p.amount, p.currency)}</td>
                  <td>{PAYOUT_STATUS_LABELS[p.status] ?? p.status}{p.failureCode ? ` (${p.failureCode})` : ""}</td>
                  <td>{formatDateTime(p.cutoff)}</td>
                  <td>{p.transferId ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <CursorPager pages={pages} nextCursor={data?.nextCursor} />
      </section>
    </div>
  );
}
