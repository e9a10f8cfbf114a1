"use client";

import { formatDateTime } from "@bazaar/next-kit/format";
import { useTRPC } from "@bazaar/next-kit/react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { CursorPager, useCursorPages } from "../../cursor-pager";

const KIND_LABELS: Record<string, string> = { RECEIPT: "Receipt", ADJUSTMENT: "Adjustment", RESERVATION: "Reservation", RELEASE: "Release", SALE: "Sale" };
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** The append-only ledger of one stock level, newest first. */
export function MovementHistory({ variantId, locationId, label }: { variantId: string; locationId: string; label: string }) {
  const trpc = useTRPC();
  const pages = useCursorPages();
  const { data } = useQuery({
    ...trpc.inventory.listMovements.queryOptions({ variantId, locationId, limit: 20, ...(pages.cursor ? { cursor: pages.cursor } : {}) }),
    placeholderData: keepPreviousData,
  });
  return (
    <section aria-labelledby="history-heading" data-testid="movement-history">
      <h3 id="history-heading">Movements of {label}</h3>
      {!data ? (
        <p>Loading…</p>
      ) : (
        <>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Kind</th>
                <th scope="col">On hand</th>
                <th scope="col">Reserved</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {data.movements.map((m) => (
                <tr key={m.id}>
                  <td>{formatDateTime(m.createdAt)}</td>
                  <td>{KIND_LABELS[m.kind] ?? m.kind}</td>
                  <td>{signed(m.onHandDelta)}</td>
                  <td>{signed(m.reservedDelta)}</td>
                  <td>{m.reason ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <CursorPager pages={pages} nextCursor={data.nextCursor} />
        </>
      )}
    </section>
  );
}
