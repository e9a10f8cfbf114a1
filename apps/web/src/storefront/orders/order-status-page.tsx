"use client";

import { useTRPC } from "@bazaar/next-kit/react";
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useEffect } from "react";

import { OrderGroupView, type ShopperOrderGroup } from "./order-group-view";
import { reviewLinksFor } from "./order-review-links";

const POLL_MS = 1_500;

interface Props {
  groupId: string;
  /** The signed link's token (guests); absent on the account pages, which read the shopper's own group. */
  token?: string;
}

/**
 * An order group that may still be in checkout: polled until the saga confirms or cancels it. While the
 * payment waits for the shopper, the first visit goes on to the hosted payment page; coming back from it
 * (`payment_intent` in the address) the page waits for the bank's answer instead of sending them again.
 */
export function OrderStatusPage({ groupId, token }: Props) {
  const trpc = useTRPC();
  const returned = useSearchParams().has("payment_intent");
  const poll = { refetchInterval: (q: { state: { data?: ShopperOrderGroup | undefined } }) => (q.state.data && q.state.data.status !== "PENDING" ? false : POLL_MS) };
  const byLink = useQuery({ ...trpc.checkout.orderStatus.queryOptions({ groupId, token: token ?? "" }), enabled: token !== undefined, retry: false, ...poll });
  const own = useQuery({ ...trpc.checkout.getOrderGroup.queryOptions({ groupId }), enabled: token === undefined, retry: false, ...poll });
  // Signed in: each delivered line (and its seller) gets "Write a review" or the review's status.
  const reviewable = useQuery({ ...trpc.reviews.myReviewable.queryOptions(), enabled: token === undefined && own.data?.status === "CONFIRMED", retry: false });
  const query = token === undefined ? own : byLink;
  const group = query.data;
  const paymentUrl = group?.paymentUrl ?? null;

  useEffect(() => {
    if (paymentUrl && !returned) window.location.assign(paymentUrl);
  }, [paymentUrl, returned]);

  if (query.error) return <p role="alert" className="form-alert">We could not find this order. Check the link in your confirmation email.</p>;
  if (!group) return <p aria-live="polite">Loading your order…</p>;
  return (
    <>
      <OrderGroupView group={group} reviews={reviewLinksFor(reviewable.data)} />
      {group.status === "PENDING" ? (
        <p aria-live="polite" data-testid="payment-waiting">
          {paymentUrl ? (
            returned ? (
              <>
                Waiting for your bank&apos;s answer… <a href={paymentUrl}>Back to the payment page</a>
              </>
            ) : (
              <>
                Taking you to the payment page… <a href={paymentUrl}>Continue to payment</a>
              </>
            )
          ) : (
            "Reserving your items and preparing the payment…"
          )}
        </p>
      ) : null}
    </>
  );
}
