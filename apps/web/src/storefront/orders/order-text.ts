// Words for the order states a shopper sees (the API's enums).

const ORDER_STATUS: Record<string, string> = {
  PENDING_PAYMENT: "Awaiting payment",
  PAID: "Paid — being prepared",
  PARTIALLY_FULFILLED: "Partly shipped",
  FULFILLED: "Shipped",
  DELIVERED: "Delivered",
  CANCELLED: "Cancelled",
  PARTIALLY_REFUNDED: "Partly refunded",
  REFUNDED: "Refunded",
};

const GROUP_STATUS: Record<string, string> = {
  PENDING: "We are waiting for your payment",
  CONFIRMED: "Your order is confirmed",
  CANCELLED: "This order was cancelled",
};

export const orderStatusText = (status: string) => ORDER_STATUS[status] ?? status;
export const groupStatusText = (status: string) => GROUP_STATUS[status] ?? status;

/** The badge tone of an order state (base.css `.badge[data-tone]`). */
export function orderTone(status: string): "ok" | "bad" | "accent" | undefined {
  if (status === "CANCELLED" || status === "REFUNDED") return "bad";
  if (status === "FULFILLED" || status === "DELIVERED") return "ok";
  if (status === "PARTIALLY_REFUNDED" || status === "PARTIALLY_FULFILLED") return "accent";
  return undefined;
}
