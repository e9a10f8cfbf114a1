"use client";

import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FieldError, FormAlert } from "@bazaar/next-kit/forms";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Image from "next/image";
import Link from "next/link";
import { useId, useState, type ChangeEvent, type FormEvent } from "react";

import { ACCEPT_ATTRIBUTE, useReviewPhotoUpload, type UploadedPhoto } from "./review-photos";
import { statusNotice, type ReviewStatus } from "./review-status";

/** What is reviewed: a delivered order line (a product), a delivered order (its seller), or an edit. */
export type ReviewTarget =
  | { kind: "product"; orderLineId: string }
  | { kind: "seller"; orderId: string }
  | { kind: "edit"; reviewId: string; version: number; rating: number; title: string; body: string };

const MAX_PHOTOS = 5;
const STAR_WORDS = ["", "terrible", "poor", "okay", "good", "excellent"] as const;

/** 1–5 stars as a native radio group: arrow keys move, the legend names it, each label says its value. */
function RatingChoice({ value, onChange, error }: { value: number | null; onChange: (n: number) => void; error: string | undefined }) {
  const id = useId();
  return (
    <fieldset className="field">
      <legend>Rating</legend>
      <div className="rating-choice">
        {[1, 2, 3, 4, 5].map((n) => (
          <span key={n} className="option-value">
            <input type="radio" id={`${id}-${n}`} name="rating" value={n} checked={value === n} onChange={() => onChange(n)} required />
            <label htmlFor={`${id}-${n}`}>
              {n} {n === 1 ? "star" : "stars"} <span className="badge-muted">({STAR_WORDS[n]})</span>
            </label>
          </span>
        ))}
      </div>
      <FieldError message={error} />
    </fieldset>
  );
}

function PhotoPicker({ orderLineId, photos, setPhotos }: { orderLineId: string; photos: UploadedPhoto[]; setPhotos: (p: UploadedPhoto[]) => void }) {
  const { upload, pending, describe } = useReviewPhotoUpload(orderLineId);
  const [error, setError] = useState<string | null>(null);

  async function onFiles(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const files = Array.from(input.files ?? []).slice(0, MAX_PHOTOS - photos.length);
    setError(null);
    let next = photos;
    for (const file of files) {
      try {
        next = [...next, await upload(file)];
        setPhotos(next);
      } catch (cause) {
        setError(describe(cause));
      }
    }
    input.value = "";
  }

  return (
    <div className="field">
      <label htmlFor="review-photos">Photos (optional, up to {MAX_PHOTOS})</label>
      <input id="review-photos" type="file" accept={ACCEPT_ATTRIBUTE} multiple onChange={onFiles} disabled={pending || photos.length >= MAX_PHOTOS} />
      {pending ? <span role="status">Uploading…</span> : null}
      {error ? (
        <span role="alert" className="field-error">
          {error}
        </span>
      ) : null}
      {photos.length > 0 ? (
        <ul className="review-photos" aria-label="Photos to publish with the review">
          {photos.map((photo) => (
            <li key={photo.assetId} data-testid="review-photo">
              {photo.thumbUrl ? <Image src={photo.thumbUrl} alt={photo.name} width={96} height={96} /> : <span>{photo.name}</span>}
              <button type="button" className="button-link" onClick={() => setPhotos(photos.filter((p) => p.assetId !== photo.assetId))}>
                Remove<span className="sr-only"> {photo.name}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * Write or edit a review. The API checks everything (who bought what, delivery, the edit window, the
 * text); its field errors land under their inputs and its refusals ("already reviewed") above the form.
 */
export function ReviewForm({ target }: { target: ReviewTarget }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const createProduct = useMutation(trpc.reviews.createReview.mutationOptions());
  const createSeller = useMutation(trpc.reviews.createSellerReview.mutationOptions());
  const edit = useMutation(trpc.reviews.editReview.mutationOptions());
  const [rating, setRating] = useState<number | null>(target.kind === "edit" ? target.rating : null);
  const [photos, setPhotos] = useState<UploadedPhoto[]>([]);
  const [error, setError] = useState<ApiErrorView | null>(null);
  const [saved, setSaved] = useState<ReviewStatus | null>(null);
  const pending = createProduct.isPending || createSeller.isPending || edit.isPending;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const fields = { rating: rating ?? 0, title: String(form.get("title") ?? ""), body: String(form.get("body") ?? "") };
    setError(null);
    try {
      const review =
        target.kind === "product"
          ? await createProduct.mutateAsync({ orderLineId: target.orderLineId, ...fields, photoAssetIds: photos.map((p) => p.assetId) })
          : target.kind === "seller"
            ? await createSeller.mutateAsync({ orderId: target.orderId, ...fields })
            : await edit.mutateAsync({ reviewId: target.reviewId, version: target.version, ...fields });
      await queryClient.invalidateQueries({ queryKey: trpc.reviews.pathKey() });
      setSaved(review.status);
    } catch (cause) {
      setError(apiErrorOf(cause));
    }
  }

  if (saved) {
    return (
      <div className="card" data-testid="review-saved">
        <p role="status" className="form-success">
          {statusNotice(saved)}
        </p>
        <p>
          <Link href="/account/reviews">Your reviews</Link>
        </p>
      </div>
    );
  }

  return (
    <form onSubmit={submit} noValidate className="stack">
      <FormAlert error={error} />
      <RatingChoice value={rating} onChange={setRating} error={error?.fieldErrors.rating} />
      <div className="field">
        <label htmlFor="review-title">Title</label>
        <input id="review-title" name="title" maxLength={120} required defaultValue={target.kind === "edit" ? target.title : ""} aria-invalid={Boolean(error?.fieldErrors.title)} />
        <FieldError message={error?.fieldErrors.title} />
      </div>
      <div className="field">
        <label htmlFor="review-body">Your review</label>
        <textarea id="review-body" name="body" rows={6} maxLength={5000} required defaultValue={target.kind === "edit" ? target.body : ""} aria-invalid={Boolean(error?.fieldErrors.body)} />
        <FieldError message={error?.fieldErrors.body} />
      </div>
      {target.kind === "product" ? <PhotoPicker orderLineId={target.orderLineId} photos={photos} setPhotos={setPhotos} /> : null}
      <FieldError message={error?.fieldErrors.photoAssetIds} />
      <p className="field-hint">Reviews are checked by our team before they are published. Links and contact details are not allowed.</p>
      <button type="submit" className="button" disabled={pending}>
        {pending ? "Sending…" : target.kind === "edit" ? "Save changes" : "Submit review"}
      </button>
    </form>
  );
}
