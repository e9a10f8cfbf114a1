import type { RouterOutputs } from "@bazaar/api/client";
import { formatMoney } from "@bazaar/next-kit/format";

import { groupStatusText, orderStatusText, orderTone } from "./order-text";
import { DataTableHead } from "../data-table-head";

export type ShopperOrderGroup = RouterOutputs["checkout"]["orderStatus"];

/** One checkout: its state, and each seller's order with its status, tracking number, lines and amounts. */
export function OrderGroupView({ group }: { group: ShopperOrderGroup }) {
  const currency = group.currency;
  return (
    <>
      <p className="lead" data-testid="group-status" data-status={group.status} aria-live="polite">
        {groupStatusText(group.status)}
      </p>
      <dl className="facts">
        <dt>Order number</dt>
        <dd>
          <code>{group.id}</code>
        </dd>
        <dt>Placed</dt>
        <dd>{new Date(group.createdAt).toLocaleString("en-GB", { timeZone: "UTC", dateStyle: "medium", timeStyle: "short" })} UTC</dd>
        <dt>Total</dt>
        <dd>{formatMoney(group.totalAmount, currency)}</dd>
        {group.refundedAmount > 0 ? (
          <>
            <dt>Refunded</dt>
            <dd data-testid="group-refunded">{formatMoney(group.refundedAmount, currency)}</dd>
          </>
        ) : null}
      </dl>
      {group.orders.map((order) => (
        <section key={order.id} className="card" aria-labelledby={`order-${order.id}`} data-testid="seller-order" data-seller={order.sellerName}>
          <h2 id={`order-${order.id}`}>{order.sellerName}</h2>
          <p>
            <span className="badge" data-tone={orderTone(order.status)} data-testid="order-status" data-status={order.status}>
              {orderStatusText(order.status)}
            </span>
            {order.trackingNumber ? (
              <>
                {" "}
                Tracking number: <strong data-testid="tracking-number">{order.trackingNumber}</strong>
              </>
            ) : null}
          </p>
          <table className="data-table">
            <DataTableHead caption={`Items from ${order.sellerName}`} columns={["Item", "Quantity", "Total"]} />
            <tbody>
              {order.lines.map((line) => (
                <tr key={line.sku}>
                  <td>{line.title}</td>
                  <td>{line.quantity}</td>
                  <td>{formatMoney(line.lineTotalAmount, currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <dl className="facts">
            <dt>Shipping</dt>
            <dd>{formatMoney(order.shippingAmount, currency)}</dd>
            {order.discountAmount > 0 ? (
              <>
                <dt>Discount</dt>
                <dd>−{formatMoney(order.discountAmount, currency)}</dd>
              </>
            ) : null}
            <dt>Tax</dt>
            <dd>{formatMoney(order.taxAmount, currency)}</dd>
            <dt>Order total</dt>
            <dd>{formatMoney(order.totalAmount, currency)}</dd>
          </dl>
        </section>
      ))}
    </>
  );
}
