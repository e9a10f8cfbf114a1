"use client";

import { formatDateTime, formatMoney } from "@bazaar/next-kit/format";
import { useTRPC } from "@bazaar/next-kit/react";
import { keepPreviousData, skipToken, useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { CursorPager, useCursorPages } from "../../cursor-pager";
import { ENTRY_KIND_LABELS } from "./ledger-labels";
import { LabelOptions } from "../../label-options";

type Kind = "SALE" | "REFUND" | "CANCELLATION" | "PAYOUT" | "PAYOUT_SETTLED" | "PAYOUT_RETURNED" | "REFUND_REVERSAL";
interface Filters {
  kind?: Kind;
  currency?: string;
}

/** The seller's balance per currency and their ledger entries, newest first, filtered and paged. */
export function LedgerView() {
  const trpc = useTRPC();
  // What the server prefetched is read with suspense, so its HTML and the first client render agree
  // (see payouts-view.tsx); filters and later pages load on the client.
  const balance = useSuspenseQuery(trpc.ledger.balance.queryOptions());
  const [filters, setFilters] = useState<Filters>({});
  const pages = useCursorPages();
  const first = useSuspenseQuery(trpc.ledger.entries.queryOptions({ limit: 20 }));
  const narrowed = Boolean(filters.kind || filters.currency || pages.cursor);
  const later = useQuery({
    ...trpc.ledger.entries.queryOptions(narrowed ? { limit: 20, ...filters, ...(pages.cursor ? { cursor: pages.cursor } : {}) } : skipToken),
    placeholderData: keepPreviousData,
  });
  const entries = { data: narrowed ? later.data : first.data };

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const kind = String(form.get("kind") ?? "");
    const currency = String(form.get("currency") ?? "").trim().toUpperCase();
    setFilters({ ...(kind ? { kind: kind as Kind } : {}), ...(/^[A-Z]{3}$/.test(currency) ? { currency } : {}) });
    pages.reset();
  };

  return (
    <div className="stack">
      <section className="card" aria-labelledby="balance-heading" data-testid="ledger-balance">
        <h2 id="balance-heading">Balance</h2>
        {!balance.data ? (
          <p>Loading…</p>
        ) : balance.data.length === 0 ? (
          <p>No sales yet.</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Currency</th>
                <th scope="col">Owed to you</th>
                <th scope="col">Available for the next payout</th>
                <th scope="col">On its way</th>
              </tr>
            </thead>
            <tbody>
              {balance.data.map((b) => (
                <tr key={b.currency}>
                  <td>{b.currency}</td>
                  <td data-testid={`balance-${b.currency}`}>{formatMoney(b.balance, b.currency)}</td>
                  <td>{formatMoney(b.available, b.currency)}</td>
                  <td>{formatMoney(b.inTransit, b.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="hint">Sales become available once the hold period has passed; refunds count at once, and a refund after a payout is taken from the next one.</p>
      </section>

      <form className="card inline-form" onSubmit={apply} role="search" aria-label="Filter entries">
        <div className="field">
          <label htmlFor="filter-kind">Kind</label>
          <select id="filter-kind" name="kind" defaultValue="">
            <option value="">Any</option>
            <LabelOptions labels={ENTRY_KIND_LABELS} />
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-currency">Currency</label>
          <input id="filter-currency" name="currency" maxLength={3} placeholder="EUR" />
        </div>
        <button type="submit" className="button">
          Filter
        </button>
      </form>

      <section aria-labelledby="entries-heading" data-testid="ledger-entries">
        <h2 id="entries-heading">Entries</h2>
        {!entries.data ? (
          <p>Loading…</p>
        ) : entries.data.items.length === 0 ? (
          <p>No entries match.</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Kind</th>
                <th scope="col">Amount</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.data.items.map((e) => (
                <tr key={e.id}>
                  <td>{formatDateTime(e.postedAt)}</td>
                  <td>{ENTRY_KIND_LABELS[e.kind] ?? e.kind}</td>
                  <td>{formatMoney(e.amount, e.currency)}</td>
                  <td>{e.memo}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <CursorPager pages={pages} nextCursor={entries.data?.nextCursor} />
      </section>
    </div>
  );
}
