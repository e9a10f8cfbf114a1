import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Suspense } from "react";

import { OrderStatusPage } from "../../../../storefront/orders/order-status-page";
import { auth } from "../../../../server/auth";

export const metadata: Metadata = { title: "Order", robots: { index: false } };

export default async function AccountOrderPage({ params }: { params: Promise<{ groupId: string }> }) {
  const { groupId } = await params;
  if (!(await auth.getSession())) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/account/orders/${groupId}`)}`);
  return (
    <>
      <p>
        <Link href="/account/orders">All orders</Link>
      </p>
      <h1>Order</h1>
      <Suspense fallback={<p>Loading your order…</p>}>
        <OrderStatusPage groupId={groupId} />
      </Suspense>
    </>
  );
}
