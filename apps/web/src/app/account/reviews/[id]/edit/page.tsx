import { signInPathFor } from "@bazaar/next-kit/auth";
import { formatDateTime } from "@bazaar/next-kit/format";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";

import { auth } from "../../../../../server/auth";
import { getCaller } from "../../../../../trpc/server";
import { ReviewForm } from "../../review-form";
import { isEditable, STATUS_LABEL, STATUS_TONE } from "../../review-status";

export const metadata: Metadata = { title: "Edit your review" };

interface Props {
  params: Promise<{ id: string }>;
}

/** The author's own review; editable until `editableUntil` unless rejected (the API enforces it too). */
export default async function EditReviewPage({ params }: Props) {
  const { id } = await params;
  const session = await auth.getSession();
  if (!session) redirect(signInPathFor("/sign-in", `/account/reviews/${id}/edit`));
  const review = (await (await getCaller()).reviews.myReviews()).find((r) => r.id === id);
  if (!review) notFound();
  const editable = isEditable(review);

  return (
    <>
      <h1>Your review: {review.title}</h1>
      <p>
        <span className="badge" data-tone={STATUS_TONE[review.status]} data-testid="review-status">
          {STATUS_LABEL[review.status]}
        </span>
        {review.status === "REJECTED" && review.rejectionReason ? <> Reason: {review.rejectionReason}</> : null}
      </p>
      {editable ? (
        <>
          <p className="lead">You can change it until {formatDateTime(review.editableUntil)}; a changed review is checked again before it is published.</p>
          <ReviewForm target={{ kind: "edit", reviewId: review.id, version: review.version, rating: review.rating, title: review.title, body: review.body }} />
        </>
      ) : (
        <>
          <p className="lead">This review can no longer be changed.</p>
          <p className="review-body">{review.body}</p>
        </>
      )}
      <p>
        <Link href="/account/reviews">All your reviews</Link>
      </p>
    </>
  );
}
