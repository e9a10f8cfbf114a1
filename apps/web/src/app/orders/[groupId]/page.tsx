import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";

import { OrderStatusPage } from "../../../storefront/orders/order-status-page";
import { auth } from "../../../server/auth";

// The signed link is a capability: keep it out of search engines and out of other sites' referrers.
export const metadata: Metadata = { title: "Your order", robots: { index: false, follow: false }, referrer: "no-referrer" };

interface Props {
  params: Promise<{ groupId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** The confirmation and order status page: a guest's by the signed link, a signed-in shopper's own without one. */
export default async function OrderPage({ params, searchParams }: Props) {
  const { groupId } = await params;
  const raw = (await searchParams).token;
  const token = typeof raw === "string" ? raw : undefined;
  const session = token ? null : await auth.getSession();
  return (
    <>
      <h1>Your order</h1>
      {token ? (
        <p className="field-hint" data-testid="order-link-hint">
          Keep this page&apos;s address (it is also in your confirmation email): anyone with it can see this order.
        </p>
      ) : null}
      {token || session ? (
        <Suspense fallback={<p>Loading your order…</p>}>
          <OrderStatusPage groupId={groupId} {...(token ? { token } : {})} />
        </Suspense>
      ) : (
        <p>
          Open the link from your confirmation email, or <Link href={`/sign-in?callbackUrl=${encodeURIComponent(`/account/orders/${groupId}`)}`}>sign in</Link> to see your orders.
        </p>
      )}
    </>
  );
}
