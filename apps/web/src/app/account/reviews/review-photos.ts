"use client";

import type { RouterInputs } from "@bazaar/api";
import { apiErrorOf } from "@bazaar/next-kit/api-error";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";

type ContentType = RouterInputs["reviews"]["createPhotoUpload"]["contentType"];
const ACCEPTED: readonly string[] = ["image/jpeg", "image/png", "image/webp", "image/avif", "image/gif"] satisfies ContentType[];
export const ACCEPT_ATTRIBUTE = ACCEPTED.join(",");

export interface UploadedPhoto {
  assetId: string;
  thumbUrl: string | null;
  name: string;
}

class UploadRefused extends Error {}

/**
 * A review photo through the reviews router's presigned flow (the same as the admin app's
 * media-upload.ts, scoped to the order line so only its buyer can upload): createPhotoUpload, PUT the
 * bytes straight to the object store, confirmPhotoUpload (type checked by content, renditions made).
 */
export function useReviewPhotoUpload(orderLineId: string) {
  const trpc = useTRPC();
  const create = useMutation(trpc.reviews.createPhotoUpload.mutationOptions());
  const confirm = useMutation(trpc.reviews.confirmPhotoUpload.mutationOptions());
  const [pending, setPending] = useState(false);

  async function upload(file: File): Promise<UploadedPhoto> {
    if (!ACCEPTED.includes(file.type)) throw new UploadRefused(`${file.name}: not an image type we accept (PNG, JPEG, WebP, AVIF or GIF)`);
    setPending(true);
    try {
      const created = await create.mutateAsync({ orderLineId, contentType: file.type as ContentType, size: file.size });
      // content-length is the browser's to set (a forbidden header); it is the file's size.
      const headers = Object.fromEntries(Object.entries(created.upload.headers).filter(([name]) => name.toLowerCase() !== "content-length"));
      const stored = await fetch(created.upload.url, { method: created.upload.method, headers, body: file });
      if (!stored.ok) throw new UploadRefused(`${file.name}: the object store refused the upload (${stored.status})`);
      const asset = await confirm.mutateAsync({ orderLineId, assetId: created.assetId });
      return { assetId: asset.id, thumbUrl: asset.renditions?.thumb.url ?? null, name: file.name };
    } finally {
      setPending(false);
    }
  }

  const describe = (cause: unknown) => (cause instanceof UploadRefused ? cause.message : apiErrorOf(cause).message);
  return { upload, pending, describe };
}
