"use client";

import type { RouterOutputs } from "@bazaar/api";
import { formatDateTime, formatMoney } from "@bazaar/next-kit/format";
import { useTRPC } from "@bazaar/next-kit/react";
import { useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";

import { ORDER_STATUS_LABELS, ORDER_STATUS_TONE } from "../order-filters";
import { OrderActions } from "./order-actions";
import { RefundForm } from "./refund-form";

export type OrderDetailView = RouterOutputs["orders"]["get"];

const REFUND_STATE_LABELS = { PENDING: "Sending to the payment provider", SUCCEEDED: "Refunded", FAILED: "Failed" } as const;

/** One order for its seller: what was bought, by whom, where it goes, the money, and what to do next. */
export function OrderDetail({ orderId, canShip, canManage }: { orderId: string; canShip: boolean; canManage: boolean }) {
  const trpc = useTRPC();
  const query = trpc.orders.get.queryOptions({ orderId });
  // Refunds go PENDING → SUCCEEDED in the refund worker: poll while one is on its way.
  const { data: order, refetch } = useSuspenseQuery({ ...query, refetchInterval: (q) => (q.state.data?.refunds.some((r) => r.state === "PENDING") ? 1_000 : false) });
  const money = (amount: number) => formatMoney(amount, order.currency);
  const address = order.shippingAddress;

  return (
    <div className="stack">
      <p>
        <Link href="/tenant/orders">← Orders</Link>
      </p>
      <h1>
        Order <code>{order.id.slice(0, 8)}</code>{" "}
        <span className="badge" data-tone={ORDER_STATUS_TONE[order.status]} data-testid="order-status">
          {ORDER_STATUS_LABELS[order.status]}
        </span>
      </h1>
      <p className="lead">
        Placed {formatDateTime(order.createdAt)} by {order.shopper.email} ({order.shopper.signedIn ? "account" : "guest"}).
      </p>

      <section className="card" aria-labelledby="order-summary">
        <h2 id="order-summary">Summary</h2>
        <dl className="definition-list">
          <dt>Total</dt>
          <dd data-testid="order-total">{money(order.totalAmount)}</dd>
          <dt>Goods / shipping / tax</dt>
          <dd>
            {money(order.subtotalAmount)} / {money(order.shippingAmount)} / {money(order.taxAmount)}
            {order.pricesIncludeTax ? " (included)" : ""}
          </dd>
          {order.discountAmount > 0 ? (
            <>
              <dt>Discount</dt>
              <dd>
                {money(order.discountAmount)} (funded by {order.discountFundedBy?.toLowerCase() ?? "—"})
              </dd>
            </>
          ) : null}
          <dt>Refunded</dt>
          <dd data-testid="order-refunded">{money(order.refundedAmount)}</dd>
          <dt>Payment</dt>
          <dd>{order.payment ? `${order.payment.status.toLowerCase().replaceAll("_", " ")} (${order.payment.provider}, captured ${order.captureAt === "FULFILMENT" ? "at fulfilment" : "at confirmation"})` : "none yet"}</dd>
          <dt>Tracking number</dt>
          <dd data-testid="order-tracking">{order.trackingNumber ?? "—"}</dd>
          <dt>Ship to</dt>
          <dd>
            {[address.name, address.line1, address.line2, `${address.postalCode ?? ""} ${address.city ?? ""}`.trim(), address.region, address.country].filter(Boolean).join(", ")}
          </dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="order-lines">
        <h2 id="order-lines">Lines</h2>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">SKU</th>
              <th scope="col">Item</th>
              <th scope="col">Quantity</th>
              <th scope="col">Unit price</th>
              <th scope="col">Line total</th>
            </tr>
          </thead>
          <tbody>
            {order.lines.map((l) => (
              <tr key={l.id}>
                <td>
                  <code>{l.sku}</code>
                </td>
                <td>{l.title}</td>
                <td>{l.quantity}</td>
                <td>{money(l.unitPriceAmount)}</td>
                <td>{money(l.lineTotalAmount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <OrderActions order={order} canShip={canShip} canManage={canManage} onChange={refetch} />
      {canManage ? <RefundForm order={order} onChange={refetch} /> : null}

      <section className="card" aria-labelledby="order-refunds">
        <h2 id="order-refunds">Refunds</h2>
        {order.refunds.length === 0 ? (
          <p>None.</p>
        ) : (
          <table className="data-table" data-testid="refunds">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Amount</th>
                <th scope="col">Reason</th>
                <th scope="col">Lines</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {order.refunds.map((r) => (
                <tr key={r.id}>
                  <td>{formatDateTime(r.createdAt)}</td>
                  <td>{money(r.amount)}</td>
                  <td>{r.reason}</td>
                  <td>{r.lines.length === 0 ? "—" : r.lines.map((l) => `${order.lines.find((x) => x.id === l.orderLineId)?.sku ?? "?"} × ${l.quantity}`).join(", ")}</td>
                  <td title={r.lastError ?? undefined}>{REFUND_STATE_LABELS[r.state]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card" aria-labelledby="order-history">
        <h2 id="order-history">Checkout history</h2>
        <ol>
          {order.history.map((h, i) => (
            <li key={i}>
              {h.at ? formatDateTime(h.at) : ""} {h.to ?? ""} {h.note ? `— ${h.note}` : ""}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
