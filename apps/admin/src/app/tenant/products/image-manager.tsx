"use client";

import type { RouterOutputs } from "@bazaar/api";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation, useQueries } from "@tanstack/react-query";
import Image from "next/image";
import { useRef, useState, type DragEvent } from "react";

import { useMediaUpload } from "../media-upload";

type ProductImage = RouterOutputs["catalog"]["getProduct"]["images"][number];
export type ImageInput = { assetId: string; alt: string };

function moved<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

/**
 * The product's images in order: upload (presigned PUT straight to the object store, then confirm),
 * reorder by drag and drop or with the up/down buttons, alt text, removal. Every change saves the whole
 * ordered list (catalog.setImages).
 */
export function ImageManager({
  images,
  disabled,
  onSave,
  onError,
}: {
  images: ProductImage[];
  disabled: boolean;
  onSave: (images: ImageInput[], done: string) => Promise<boolean>;
  onError: (message: string, cause?: unknown) => void;
}) {
  const trpc = useTRPC();
  const upload = useMediaUpload("product");
  const dragged = useRef<number | null>(null);
  const [over, setOver] = useState<number | null>(null);
  const assets = useQueries({ queries: images.map((i) => trpc.media.getAsset.queryOptions({ assetId: i.assetId }, { staleTime: Infinity })) });
  const list: ImageInput[] = images.map((i) => ({ assetId: i.assetId, alt: i.alt }));
  const busy = disabled || upload.pending;
  const save = useMutation({ mutationFn: ({ next, done }: { next: ImageInput[]; done: string }) => onSave(next, done) });

  async function addFiles(files: FileList | null) {
    if (!files || files.length === 0) return;
    const added: ImageInput[] = [];
    for (const file of Array.from(files)) {
      try {
        const asset = await upload.run(file);
        added.push({ assetId: asset.id, alt: "" });
      } catch (cause) {
        onError(`${file.name}: ${upload.describe(cause)}`, cause);
      }
    }
    if (added.length > 0) await save.mutateAsync({ next: [...list, ...added], done: `${added.length} image${added.length === 1 ? "" : "s"} added.` });
  }

  function move(from: number, to: number) {
    if (to < 0 || to >= list.length || from === to) return;
    void save.mutateAsync({ next: moved(list, from, to), done: `Image ${from + 1} moved to position ${to + 1}.` });
  }

  const onDrop = (to: number) => (event: DragEvent) => {
    event.preventDefault();
    setOver(null);
    if (dragged.current !== null) move(dragged.current, to);
    dragged.current = null;
  };

  return (
    <div className="stack">
      <div className="field">
        <label htmlFor="product-image-file">Add images</label>
        <input id="product-image-file" type="file" accept="image/png,image/jpeg,image/webp,image/avif,image/gif" multiple disabled={busy} onChange={(e) => void addFiles(e.target.files).finally(() => (e.target.value = ""))} />
        <span className="field-hint">PNG, JPEG, WebP, AVIF or GIF. Drag images, or use the arrows, to change their order; the first is the main image.</span>
      </div>
      {upload.pending ? <p role="status">Uploading…</p> : null}
      {list.length === 0 ? <p className="form-notice">No images yet.</p> : null}
      <ol className="image-list" data-testid="product-images">
        {list.map((image, index) => {
          const asset = assets[index]?.data as RouterOutputs["media"]["getAsset"] | undefined;
          const thumb = asset?.renditions?.thumb;
          return (
            <li
              key={image.assetId}
              data-asset={image.assetId}
              data-over={over === index ? "true" : undefined}
              draggable={!busy}
              onDragStart={(e) => {
                dragged.current = index;
                e.dataTransfer.effectAllowed = "move";
              }}
              onDragOver={(e) => {
                e.preventDefault();
                setOver(index);
              }}
              onDragLeave={() => setOver(null)}
              onDrop={onDrop(index)}
            >
              {thumb ? <Image src={thumb.url} width={thumb.width} height={thumb.height} alt={image.alt || `Image ${index + 1}`} unoptimized /> : <span className="image-placeholder">…</span>}
              <div className="field">
                <label htmlFor={`image-alt-${image.assetId}`}>Alt text of image {index + 1}</label>
                <input
                  id={`image-alt-${image.assetId}`}
                  defaultValue={image.alt}
                  maxLength={500}
                  disabled={busy}
                  onBlur={(e) => {
                    const alt = e.target.value.trim();
                    if (alt !== image.alt) void save.mutateAsync({ next: list.map((i, n) => (n === index ? { ...i, alt } : i)), done: `Alt text of image ${index + 1} saved.` });
                  }}
                />
              </div>
              <div className="inline-form">
                <button type="button" className="button button-secondary" aria-label={`Move image ${index + 1} up`} disabled={busy || index === 0} onClick={() => move(index, index - 1)}>
                  ↑
                </button>
                <button type="button" className="button button-secondary" aria-label={`Move image ${index + 1} down`} disabled={busy || index === list.length - 1} onClick={() => move(index, index + 1)}>
                  ↓
                </button>
                <button
                  type="button"
                  className="button-link"
                  aria-label={`Remove image ${index + 1}`}
                  disabled={busy}
                  onClick={() => void save.mutateAsync({ next: list.filter((_, n) => n !== index), done: `Image ${index + 1} removed.` })}
                >
                  Remove
                </button>
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
