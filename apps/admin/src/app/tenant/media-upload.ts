"use client";

import type { RouterInputs, RouterOutputs } from "@bazaar/api";
import { apiErrorOf } from "@bazaar/next-kit/api-error";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";

type Asset = RouterOutputs["media"]["confirmUpload"];
type ContentType = RouterInputs["media"]["createUpload"]["contentType"];
const ACCEPTED: readonly string[] = ["image/jpeg", "image/png", "image/webp", "image/avif", "image/gif"] satisfies ContentType[];

class UploadRefused extends Error {}

/**
 * The media router's presigned flow from the browser: createUpload (a PENDING asset and a signed PUT of
 * exactly this size and type), PUT the bytes to the object store, then confirmUpload (type checked by
 * content, renditions made). The bytes never pass through our servers.
 */
export function useMediaUpload(ownerKind: RouterInputs["media"]["createUpload"]["ownerKind"]) {
  const trpc = useTRPC();
  const create = useMutation(trpc.media.createUpload.mutationOptions());
  const confirm = useMutation(trpc.media.confirmUpload.mutationOptions());
  const [pending, setPending] = useState(false);

  async function run(file: File): Promise<Asset> {
    if (!ACCEPTED.includes(file.type)) throw new UploadRefused("not an image type we accept (PNG, JPEG, WebP, AVIF or GIF)");
    setPending(true);
    try {
      const created = await create.mutateAsync({ ownerKind, contentType: file.type as ContentType, size: file.size });
      // content-length is the browser's to set (it is a forbidden header); it is the file's size.
      const headers = Object.fromEntries(Object.entries(created.upload.headers).filter(([name]) => name.toLowerCase() !== "content-length"));
      const stored = await fetch(created.upload.url, { method: created.upload.method, headers, body: file });
      if (!stored.ok) throw new UploadRefused(`the object store refused the upload (${stored.status})`);
      return await confirm.mutateAsync({ assetId: created.assetId });
    } finally {
      setPending(false);
    }
  }

  const describe = (cause: unknown) => (cause instanceof UploadRefused ? cause.message : apiErrorOf(cause).message);
  return { run, pending, describe };
}
