"use client";

import { formatMoney } from "@bazaar/next-kit/format";
import { useTRPC } from "@bazaar/next-kit/react";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";

import { groupStatusText, orderStatusText } from "./order-text";
import { DataTableHead } from "../data-table-head";

/** The signed-in shopper's checkouts, newest first, with each seller's status at a glance. */
export function OrderHistory() {
  const trpc = useTRPC();
  const { data, error } = useQuery(trpc.checkout.myOrderGroups.queryOptions());
  if (error) return <p role="alert" className="form-alert">Your orders could not be loaded. Try again shortly.</p>;
  if (!data) return <p aria-live="polite">Loading your orders…</p>;
  if (data.length === 0) return <p className="lead">You have no orders yet.</p>;
  return (
    <div className="table-scroll">
      <table className="data-table">
        <DataTableHead caption="Your orders" columns={["Placed", "Status", "Sellers", "Total"]} />
        <tbody>
          {data.map((group) => (
            <tr key={group.id} data-testid="order-row">
              <td>
                <Link href={`/account/orders/${group.id}`}>{new Date(group.createdAt).toLocaleDateString("en-GB", { timeZone: "UTC", dateStyle: "medium" })}</Link>
              </td>
              <td>{groupStatusText(group.status)}</td>
              <td>
                <ul className="plain-list">
                  {group.orders.map((o) => (
                    <li key={o.id}>
                      {o.sellerName}: {orderStatusText(o.status)}
                      {o.trackingNumber ? ` (tracking ${o.trackingNumber})` : ""}
                    </li>
                  ))}
                </ul>
              </td>
              <td>{formatMoney(group.totalAmount, group.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
