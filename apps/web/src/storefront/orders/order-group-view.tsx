import type { RouterOutputs } from "@bazaar/api/client";
import { formatMoney } from "@bazaar/next-kit/format";

import { WriteReviewLink } from "../../app/account/reviews/write-review-link";
import type { ReviewLinks } from "./order-review-links";
import { groupStatusText, orderStatusText, orderTone } from "./order-text";
import { DataTableHead } from "../data-table-head";

export type ShopperOrderGroup = RouterOutputs["checkout"]["orderStatus"];

/**
 * One checkout: its state, and each seller's order with its status, tracking number, lines and amounts.
 * With `reviews` (the signed-in shopper's delivered orders), each delivered line and seller gets its
 * review link.
 */
export function OrderGroupView({ group, reviews }: { group: ShopperOrderGroup; reviews?: ReviewLinks }) {
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
      {group.orders.map((order) => {
        const delivered = reviews?.get(order.id);
        return (
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
              <DataTableHead caption={`Items from ${order.sellerName}`} columns={delivered ? ["Item", "Quantity", "Total", "Review"] : ["Item", "Quantity", "Total"]} />
              <tbody>
                {order.lines.map((line) => (
                  <tr key={line.sku}>
                    <td>{line.title}</td>
                    <td>{line.quantity}</td>
                    <td>{formatMoney(line.lineTotalAmount, currency)}</td>
                    {delivered ? (
                      <td>
                        {delivered.lines.get(line.sku) ? (
                          <WriteReviewLink orderLineId={delivered.lines.get(line.sku)!.orderLineId} review={delivered.lines.get(line.sku)!.review} label={line.title} />
                        ) : null}
                      </td>
                    ) : null}
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
            {delivered ? (
              <p>
                <WriteReviewLink orderId={order.id} review={delivered.sellerReview} label={order.sellerName} />
              </p>
            ) : null}
          </section>
        );
      })}
    </>
  );
}
