"use client";

import type { RouterOutputs } from "@bazaar/api";
import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FieldError, FormAlert } from "@bazaar/next-kit/forms";
import { formatDateTime } from "@bazaar/next-kit/format";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation } from "@tanstack/react-query";
import Image from "next/image";
import Link from "next/link";
import { useId, useState, type FormEvent } from "react";

import { Stars } from "./rating-summary";

export type PublicReview = RouterOutputs["reviews"]["listProductReviews"]["items"][number];

/** "2026-11-23": the day is what a shopper compares; the time adds nothing. */
const day = (value: Date | string | null) => formatDateTime(value).slice(0, 10);

function HelpfulVote({ review, signInHref }: { review: PublicReview; signInHref: string | null }) {
  const trpc = useTRPC();
  const vote = useMutation(trpc.reviews.voteHelpful.mutationOptions());
  const [count, setCount] = useState(review.helpfulCount);
  const [voted, setVoted] = useState(false);
  const [error, setError] = useState<ApiErrorView | null>(null);
  const label = `${count} ${count === 1 ? "person" : "people"} found this helpful`;

  async function onVote() {
    setError(null);
    try {
      const result = await vote.mutateAsync({ reviewId: review.id });
      setCount(result.helpfulCount);
      setVoted(true);
    } catch (cause) {
      setError(apiErrorOf(cause));
    }
  }

  return (
    <div className="review-helpful">
      <span data-testid="helpful-count">{label}</span>{" "}
      {signInHref ? (
        <Link href={signInHref}>Sign in to vote</Link>
      ) : voted ? (
        <span role="status">Thanks for your vote</span>
      ) : (
        <button type="button" className="button-secondary" onClick={onVote} disabled={vote.isPending}>
          Helpful<span className="sr-only">: {review.title}</span>
        </button>
      )}
      <FormAlert error={error} />
    </div>
  );
}

function ReportForm({ review, signInHref }: { review: PublicReview; signInHref: string | null }) {
  const trpc = useTRPC();
  const report = useMutation(trpc.reviews.reportReview.mutationOptions());
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<ApiErrorView | null>(null);
  const id = useId();

  if (signInHref) return null;
  if (done) return <p role="status">Thank you, an operator will look at this review.</p>;
  if (!open) {
    return (
      <button type="button" className="button-link" onClick={() => setOpen(true)} aria-expanded={false}>
        Report<span className="sr-only"> review: {review.title}</span>
      </button>
    );
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    try {
      await report.mutateAsync({ reviewId: review.id, reason: String(new FormData(event.currentTarget).get("reason") ?? "") });
      setDone(true);
    } catch (cause) {
      setError(apiErrorOf(cause));
    }
  }

  return (
    <form onSubmit={submit} className="review-report" noValidate>
      <FormAlert error={error} />
      <div className="field">
        <label htmlFor={`${id}-reason`}>Why should this review be removed?</label>
        <textarea id={`${id}-reason`} name="reason" rows={3} maxLength={500} required aria-invalid={Boolean(error?.fieldErrors.reason)} />
        <FieldError message={error?.fieldErrors.reason} />
      </div>
      <button type="submit" className="button" disabled={report.isPending}>
        Send report
      </button>{" "}
      <button type="button" className="button-secondary" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}

/**
 * One published review. Title, body and reply are the author's and seller's text as written: React
 * escapes them, and nothing here may bypass that (no dangerouslySetInnerHTML).
 */
export function ReviewItem({ review, signInHref }: { review: PublicReview; signInHref: string | null }) {
  return (
    <article className="review" data-testid="review" aria-labelledby={`review-${review.id}`}>
      <header>
        <Stars rating={review.rating} />{" "}
        <h3 id={`review-${review.id}`} className="review-title">
          {review.title}
        </h3>
        <p className="review-meta">
          {review.authorName} · <time dateTime={new Date(review.publishedAt ?? review.createdAt).toISOString()}>{day(review.publishedAt ?? review.createdAt)}</time>
          {review.edited ? " · edited" : ""}{" "}
          {review.verifiedPurchase ? (
            <span className="badge" data-tone="ok" data-testid="verified-buyer">
              Verified buyer
            </span>
          ) : null}
        </p>
      </header>
      <p className="review-body" data-testid="review-body">
        {review.body}
      </p>
      {review.photos.length > 0 ? (
        <ul className="review-photos" aria-label="Photos from the reviewer">
          {review.photos.map((photo, i) =>
            photo.thumbUrl ? (
              <li key={photo.assetId}>
                <a href={photo.fullUrl ?? photo.thumbUrl}>
                  <Image src={photo.thumbUrl} alt={`Reviewer's photo ${i + 1}`} width={96} height={96} />
                </a>
              </li>
            ) : null,
          )}
        </ul>
      ) : null}
      {review.reply ? (
        <div className="review-reply" data-testid="seller-reply">
          <p className="review-meta">
            Reply from the seller · <time dateTime={new Date(review.reply.repliedAt).toISOString()}>{day(review.reply.repliedAt)}</time>
          </p>
          <p>{review.reply.body}</p>
        </div>
      ) : null}
      <footer className="review-actions">
        <HelpfulVote review={review} signInHref={signInHref} />
        <ReportForm review={review} signInHref={signInHref} />
      </footer>
    </article>
  );
}
