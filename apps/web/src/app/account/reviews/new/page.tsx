import { signInPathFor } from "@bazaar/next-kit/auth";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";

import { auth } from "../../../../server/auth";
import { getCaller } from "../../../../trpc/server";
import { ReviewForm } from "../review-form";
import { findReviewable } from "../reviewable";

export const metadata: Metadata = { title: "Write a review" };

interface Props {
  searchParams: Promise<{ orderLineId?: string | string[]; orderId?: string | string[] }>;
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** `?orderLineId=` reviews a delivered product, `?orderId=` the seller of a delivered order. */
export default async function NewReviewPage({ searchParams }: Props) {
  const params = await searchParams;
  const query = { orderLineId: one(params.orderLineId), orderId: one(params.orderId) };
  const session = await auth.getSession();
  if (!session) redirect(signInPathFor("/sign-in", `/account/reviews/new?${new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => Boolean(e[1])))}`));
  const found = findReviewable(await (await getCaller()).reviews.myReviewable(), query);

  if (!found) {
    return (
      <>
        <h1>Write a review</h1>
        <p className="lead">You can review what was delivered to you: open a delivered order and choose &ldquo;Write a review&rdquo;.</p>
        <p>
          <Link href="/account/reviews">Your reviews</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>{found.kind === "seller" ? "Review the seller" : `Review ${found.title}`}</h1>
      {found.existing ? (
        <p className="lead">
          You already reviewed this. <Link href={`/account/reviews/${found.existing.id}/edit`}>See or edit your review</Link>.
        </p>
      ) : (
        <ReviewForm target={found.kind === "seller" ? { kind: "seller", orderId: found.order.orderId } : { kind: "product", orderLineId: query.orderLineId ?? "" }} />
      )}
    </>
  );
}
