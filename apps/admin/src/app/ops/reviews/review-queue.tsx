"use client";

import type { RouterOutputs } from "@bazaar/api";
import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FieldError, FormAlert } from "@bazaar/next-kit/forms";
import { formatDateTime } from "@bazaar/next-kit/format";
import { useTRPC } from "@bazaar/next-kit/react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { CursorPager, useCursorPages } from "../../cursor-pager";
import { ReviewBody } from "../../review-body";

type QueueItem = RouterOutputs["reviews"]["moderationQueue"]["items"][number];
type Queue = "HELD" | "PENDING" | "REPORTED";

const QUEUES: { value: Queue; label: string }[] = [
  { value: "HELD", label: "held by a rule" },
  { value: "PENDING", label: "pending" },
  { value: "REPORTED", label: "reported" },
];

const HOLD_LABELS: Record<string, string> = {
  profanity: "Profanity",
  link: "Contains a link",
  "burst-account": "Many reviews from one account",
  "burst-address": "Many reviews from one address",
  "new-account": "Account just created",
};

/** The moderation queue: held reviews first; approve, or reject with the reason the author is told. */
export function ReviewQueue() {
  const trpc = useTRPC();
  const [queue, setQueue] = useState<Queue>("HELD");
  const pages = useCursorPages();
  const cursor = pages.cursor;
  const list = useQuery({
    ...trpc.reviews.moderationQueue.queryOptions({ queue, limit: 20, ...(cursor ? { cursor } : {}) }),
    placeholderData: keepPreviousData,
  });

  return (
    <div className="stack">
      <fieldset className="choice-group">
        <legend>Show</legend>
        {QUEUES.map((q) => (
          <label key={q.value} className="choice">
            <input
              type="radio"
              name="review-queue"
              checked={queue === q.value}
              onChange={() => {
                setQueue(q.value);
                pages.reset();
              }}
            />
            {q.label}
          </label>
        ))}
      </fieldset>
      <FormAlert error={list.error ? apiErrorOf(list.error) : null} />
      {list.data?.items.length === 0 ? <p className="form-notice">Nothing to moderate.</p> : null}
      <ul className="stack" style={{ listStyle: "none", padding: 0 }} data-testid="review-queue">
        {list.data?.items.map((review) => (
          <li key={review.id}>
            <QueueCard review={review} />
          </li>
        ))}
      </ul>
      <CursorPager pages={pages} nextCursor={list.data?.nextCursor} labels={["Previous", "Next"]} />
    </div>
  );
}

function QueueCard({ review }: { review: QueueItem }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const approve = useMutation(trpc.reviews.approveReview.mutationOptions());
  const reject = useMutation(trpc.reviews.rejectReview.mutationOptions());
  const [error, setError] = useState<ApiErrorView | null>(null);
  const [reasonMissing, setReasonMissing] = useState(false);
  const holds = Array.isArray(review.holdReasons) ? (review.holdReasons as string[]) : [];
  const busy = approve.isPending || reject.isPending;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const reason = String(new FormData(event.currentTarget).get("reason") ?? "");
    setError(null);
    // The author is told why: a rejection without a reason is not sent at all.
    setReasonMissing(submitter?.value === "reject" && reason.trim() === "");
    if (submitter?.value === "reject" && reason.trim() === "") return;
    try {
      if (submitter?.value === "reject") await reject.mutateAsync({ reviewId: review.id, reason });
      else await approve.mutateAsync({ reviewId: review.id });
      await queryClient.invalidateQueries({ queryKey: trpc.reviews.moderationQueue.queryKey() });
    } catch (cause) {
      setError(apiErrorOf(cause));
    }
  }

  return (
    <article className="card" aria-label={`Review: ${review.title}`}>
      <ReviewBody rating={review.rating} title={review.title} body={review.body} authorName={review.authorName} />
      <dl className="facts">
        <dt>Of</dt>
        <dd>{review.subject === "PRODUCT" ? `product ${review.productId}` : "the seller"}</dd>
        <dt>Written</dt>
        <dd>{formatDateTime(review.createdAt)}</dd>
        {holds.length > 0 ? (
          <>
            <dt>Held because</dt>
            <dd data-testid="hold-reasons">{holds.map((h) => HOLD_LABELS[h] ?? h).join(", ")}</dd>
          </>
        ) : null}
        {review.reports.length > 0 ? (
          <>
            <dt>Reports</dt>
            <dd>{review.reports.map((r) => r.reason).join(" · ")}</dd>
          </>
        ) : null}
      </dl>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`reason-${review.id}`}>Reason to reject (sent to the author, kept in the audit log)</label>
          <textarea id={`reason-${review.id}`} name="reason" rows={2} aria-invalid={reasonMissing || Boolean(error?.fieldErrors.reason)} />
          <FieldError message={reasonMissing ? "Say why: the author is told." : error?.fieldErrors.reason} />
        </div>
        <FormAlert error={error} />
        <p>
          {review.status !== "PUBLISHED" ? (
            <button type="submit" name="decision" value="approve" className="button" disabled={busy}>
              Approve
            </button>
          ) : null}{" "}
          <button type="submit" name="decision" value="reject" className="button button-danger" disabled={busy}>
            Reject
          </button>
        </p>
      </form>
    </article>
  );
}
