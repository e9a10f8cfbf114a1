import { signInPathFor } from "@bazaar/next-kit/auth";
import { formatDateTime } from "@bazaar/next-kit/format";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";

import { auth } from "../../../server/auth";
import { getCaller } from "../../../trpc/server";
import { isEditable, STATUS_LABEL, STATUS_TONE } from "./review-status";
import { WriteReviewLink } from "./write-review-link";

export const metadata: Metadata = { title: "Your reviews" };

/** The shopper's reviews in every status (with the reason of a rejection), and what is left to review. */
export default async function MyReviewsPage() {
  const session = await auth.getSession();
  if (!session) redirect(signInPathFor("/sign-in", "/account/reviews"));
  const caller = await getCaller();
  const [reviews, reviewable] = await Promise.all([caller.reviews.myReviews(), caller.reviews.myReviewable()]);
  const lineTitles = new Map(reviewable.flatMap((o) => o.lines.map((l) => [l.orderLineId, l.title] as const)));
  const toReview = reviewable.flatMap((o) => o.lines.filter((l) => !l.review).map((l) => ({ ...l, orderId: o.orderId })));

  return (
    <>
      <h1>Your reviews</h1>
      <section aria-labelledby="written-heading">
        <h2 id="written-heading">Written</h2>
        {reviews.length === 0 ? (
          <p>You have not written a review yet.</p>
        ) : (
          <table className="data-table" data-testid="my-reviews">
            <thead>
              <tr>
                <th scope="col">Review of</th>
                <th scope="col">Stars</th>
                <th scope="col">Title</th>
                <th scope="col">Status</th>
                <th scope="col">Written</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {reviews.map((r) => {
                const editable = isEditable(r);
                return (
                  <tr key={r.id} data-testid="my-review">
                    <td>{r.subject === "SELLER" ? "The seller" : ((r.orderLineId && lineTitles.get(r.orderLineId)) ?? "A product")}</td>
                    <td>{r.rating} / 5</td>
                    <td>{r.title}</td>
                    <td>
                      <span className="badge" data-tone={STATUS_TONE[r.status]} data-testid="review-status">
                        {STATUS_LABEL[r.status]}
                      </span>
                      {r.status === "REJECTED" && r.rejectionReason ? <p className="field-hint">Reason: {r.rejectionReason}</p> : null}
                    </td>
                    <td>{formatDateTime(r.createdAt)}</td>
                    <td>
                      {editable ? (
                        <Link href={`/account/reviews/${r.id}/edit`}>
                          Edit<span className="sr-only"> {r.title}</span>
                        </Link>
                      ) : (
                        <span className="badge-muted">Locked</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      {toReview.length > 0 ? (
        <section aria-labelledby="to-review-heading">
          <h2 id="to-review-heading">Delivered, waiting for your review</h2>
          <ul className="stack">
            {toReview.map((line) => (
              <li key={line.orderLineId}>
                {line.title} <WriteReviewLink orderLineId={line.orderLineId} label={line.title} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
