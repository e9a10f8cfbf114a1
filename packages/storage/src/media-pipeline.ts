import { inspectImage, renderRenditions, type AcceptedImageType, type RenditionName } from "./image-renditions";
import type { ObjectStore } from "./object-store";

/** Deterministic keys: an asset's objects are found from its tenant and id alone. */
export const mediaKeys = {
  original: (tenantId: string, assetId: string) => `media/${tenantId}/${assetId}/original`,
  rendition: (tenantId: string, assetId: string, name: RenditionName) => `media/${tenantId}/${assetId}/${name}.webp`,
  /** Rejected originals are kept out of the media tree for inspection (a lifecycle rule can expire them). */
  quarantine: (tenantId: string, assetId: string) => `quarantine/${tenantId}/${assetId}/original`,
};

/** One stored rendition, as recorded in media_assets.renditions and returned to clients. */
export interface Rendition {
  key: string;
  url: string;
  width: number;
  height: number;
  size: number;
  contentType: "image/webp";
}
export type Renditions = Record<RenditionName, Rendition>;

export type ProcessedImage =
  | { ok: true; contentType: AcceptedImageType; size: number; width: number; height: number; renditions: Renditions }
  | { ok: false; reason: "missing" | "too_large" | "not_an_image"; detail: string };

/** Renditions are immutable under their key (a new upload is a new asset id), so caches may keep them. */
const RENDITION_CACHE = "public, max-age=31536000, immutable";

/**
 * Checks the uploaded original of an asset and renders its renditions into the store (public-read).
 * A refused original (too large, not an image) is moved to quarantine; a missing one is left alone.
 * Idempotent: running it twice on the same upload writes the same objects under the same keys.
 */
export async function processUploadedImage(
  store: ObjectStore,
  asset: { tenantId: string; assetId: string; maxBytes: number },
): Promise<ProcessedImage> {
  const originalKey = mediaKeys.original(asset.tenantId, asset.assetId);
  const head = await store.headObject(originalKey);
  if (!head) return { ok: false, reason: "missing", detail: "nothing was uploaded for this asset" };

  const refuse = async (reason: "too_large" | "not_an_image", detail: string): Promise<ProcessedImage> => {
    await store.moveObject(originalKey, mediaKeys.quarantine(asset.tenantId, asset.assetId));
    return { ok: false, reason, detail };
  };
  // The presigned URL already signs the length; this also covers objects written some other way.
  if (head.size > asset.maxBytes) return refuse("too_large", `${head.size} bytes is more than ${asset.maxBytes}`);
  const bytes = await store.getObject(originalKey, { maxBytes: asset.maxBytes + 1 });
  if (!bytes) return { ok: false, reason: "missing", detail: "the upload disappeared while it was read" };
  if (bytes.byteLength > asset.maxBytes) return refuse("too_large", `more than ${asset.maxBytes} bytes`);

  const check = await inspectImage(bytes);
  if (!check.ok) return refuse(check.reason === "too_many_pixels" ? "too_large" : "not_an_image", check.detail);

  let rendered;
  try {
    rendered = await renderRenditions(bytes);
  } catch (error) {
    return refuse("not_an_image", `the image cannot be decoded: ${(error as Error).message}`);
  }
  const renditions = {} as Renditions;
  for (const r of rendered) {
    const key = mediaKeys.rendition(asset.tenantId, asset.assetId, r.name);
    await store.putObject(key, r.bytes, { contentType: r.contentType, publicRead: true, cacheControl: RENDITION_CACHE });
    renditions[r.name] = { key, url: store.publicUrl(key), width: r.width, height: r.height, size: r.bytes.byteLength, contentType: r.contentType };
  }
  return { ok: true, contentType: check.image.contentType, size: bytes.byteLength, width: check.image.width, height: check.image.height, renditions };
}
