import type { RouterOutputs } from "@bazaar/api";

type Reviewable = RouterOutputs["reviews"]["myReviewable"];

/** What the write-a-review page is about, found among the shopper's delivered orders; null when not theirs. */
export function findReviewable(orders: Reviewable, query: { orderLineId?: string | undefined; orderId?: string | undefined }) {
  for (const order of orders) {
    if (query.orderId && order.orderId === query.orderId) return { kind: "seller" as const, order, title: "this seller", existing: order.sellerReview };
    const line = query.orderLineId ? order.lines.find((l) => l.orderLineId === query.orderLineId) : undefined;
    if (line) return { kind: "product" as const, order, title: line.title, existing: line.review };
  }
  return null;
}
