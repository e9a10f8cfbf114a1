"use client";

import type { RouterOutputs } from "@bazaar/api";
import { apiErrorOf } from "@bazaar/next-kit/api-error";
import { FieldError, FormAlert } from "@bazaar/next-kit/forms";
import { formatDateTime } from "@bazaar/next-kit/format";
import { useTRPC } from "@bazaar/next-kit/react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { CursorPager, useCursorPages } from "../../cursor-pager";
import { ReviewBody } from "../../review-body";
import { SuccessNotice } from "../../success-notice";
import { useActionFeedback } from "../../use-action-feedback";

type Review = RouterOutputs["reviews"]["tenantReviews"]["items"][number];
type Status = Review["status"];

const STATUSES: { value: Status | "ALL"; label: string }[] = [
  { value: "ALL", label: "all" },
  { value: "PUBLISHED", label: "published" },
  { value: "PENDING", label: "waiting for approval" },
  { value: "HELD", label: "held for moderation" },
  { value: "REJECTED", label: "rejected" },
];

/** The seller's reviews with their one public reply, and whether new reviews publish at once. */
export function TenantReviews({ canReply, canConfigure }: { canReply: boolean; canConfigure: boolean }) {
  const trpc = useTRPC();
  const [status, setStatus] = useState<Status | "ALL">("ALL");
  const pages = useCursorPages();
  const cursor = pages.cursor;
  const list = useQuery({
    ...trpc.reviews.tenantReviews.queryOptions({ limit: 20, ...(status === "ALL" ? {} : { status }), ...(cursor ? { cursor } : {}) }),
    placeholderData: keepPreviousData,
  });
  return (
    <div className="stack">
      <AutoPublish canConfigure={canConfigure} />
      <fieldset className="choice-group">
        <legend>Show</legend>
        {STATUSES.map((s) => (
          <label key={s.value} className="choice">
            <input
              type="radio"
              name="review-status"
              checked={status === s.value}
              onChange={() => {
                setStatus(s.value);
                pages.reset();
              }}
            />
            {s.label}
          </label>
        ))}
      </fieldset>
      <FormAlert error={list.error ? apiErrorOf(list.error) : null} />
      {list.data?.items.length === 0 ? <p className="form-notice">No reviews yet.</p> : null}
      <ul className="stack" style={{ listStyle: "none", padding: 0 }} data-testid="tenant-reviews">
        {list.data?.items.map((review) => (
          <li key={review.id}>
            <ReviewCard review={review} canReply={canReply} />
          </li>
        ))}
      </ul>
      <CursorPager pages={pages} nextCursor={list.data?.nextCursor} />
    </div>
  );
}

function AutoPublish({ canConfigure }: { canConfigure: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.reviews.reviewSettings.queryOptions());
  const update = useMutation(trpc.reviews.updateReviewSettings.mutationOptions());
  const feedback = useActionFeedback(() => queryClient.invalidateQueries({ queryKey: trpc.reviews.reviewSettings.queryKey() }));
  if (!settings.data) return null;
  const on = settings.data.autoPublish;
  return (
    <section className="card" aria-label="Publishing">
      <p>
        {on
          ? "New reviews are published at once, unless an automatic rule holds them for moderation."
          : "New reviews are published once the platform's moderators approve them."}
      </p>
      {canConfigure ? (
        <button
          type="button"
          className="button button-secondary"
          disabled={update.isPending}
          onClick={() => void feedback.run(() => update.mutateAsync({ autoPublish: !on }), on ? "Reviews now wait for approval." : "Reviews now publish at once.")}
        >
          {on ? "Wait for approval" : "Publish at once"}
        </button>
      ) : null}
      <SuccessNotice message={feedback.notice} />
      <FormAlert error={feedback.error} />
    </section>
  );
}

function ReviewCard({ review, canReply }: { review: Review; canReply: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const reply = useMutation(trpc.reviews.replyToReview.mutationOptions());
  const feedback = useActionFeedback(() => queryClient.invalidateQueries({ queryKey: trpc.reviews.tenantReviews.queryKey() }));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = String(new FormData(event.currentTarget).get("reply") ?? "");
    await feedback.run(() => reply.mutateAsync({ reviewId: review.id, body }), "Reply published.");
  }

  return (
    <article className="card" aria-label={`Review: ${review.title}`}>
      <ReviewBody rating={review.rating} title={review.title} body={review.body} authorName={review.authorName} />
      <dl className="facts">
        <dt>Status</dt>
        <dd>{review.status.toLowerCase()}</dd>
        <dt>Written</dt>
        <dd>{formatDateTime(review.createdAt)}</dd>
        <dt>Found helpful by</dt>
        <dd>{review.helpfulCount}</dd>
      </dl>
      {review.replyBody ? (
        <blockquote data-testid="reply">
          <p style={{ whiteSpace: "pre-wrap" }}>{review.replyBody}</p>
          <footer className="form-notice">Your reply{review.repliedAt ? `, ${formatDateTime(review.repliedAt)}` : ""}</footer>
        </blockquote>
      ) : canReply && review.status !== "REJECTED" ? (
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor={`reply-${review.id}`}>Public reply (once)</label>
            <textarea id={`reply-${review.id}`} name="reply" rows={3} aria-invalid={Boolean(feedback.error?.fieldErrors.body)} />
            <FieldError message={feedback.error?.fieldErrors.body} />
          </div>
          <FormAlert error={feedback.error} />
          <button type="submit" className="button" disabled={reply.isPending}>
            Reply
          </button>
        </form>
      ) : null}
      <SuccessNotice message={feedback.notice} />
    </article>
  );
}
