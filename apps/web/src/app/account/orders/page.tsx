import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { OrderHistory } from "../../../storefront/orders/order-history";
import { auth } from "../../../server/auth";

export const metadata: Metadata = { title: "Orders", robots: { index: false } };

export default async function AccountOrdersPage() {
  if (!(await auth.getSession())) redirect("/sign-in?callbackUrl=%2Faccount%2Forders");
  return (
    <>
      <h1>Orders</h1>
      <OrderHistory />
    </>
  );
}
