import { randomUUID } from "node:crypto";
import { withTenant, type Db, type Prisma, type Tx } from "@bazaar/db";
import { enqueue } from "@bazaar/events";
import { mediaKeys, processUploadedImage, type PresignedPut, type Renditions } from "@bazaar/storage";
import { NotFoundError } from "../errors";
import type { MediaDeps } from "./media.deps";
import { ImageTooLargeError, NotAnImageError, UploadMissingError } from "./media.errors";
import type { CreateUploadInput } from "./media.schema";

// The only code touching media_assets. An asset is PENDING from createUpload until confirmUpload checks
// the uploaded bytes: READY with renditions, or REJECTED with a reason (original moved to quarantine).

const assetFields = {
  id: true,
  ownerKind: true,
  status: true,
  contentType: true,
  size: true,
  width: true,
  height: true,
  renditions: true,
  rejectionReason: true,
  createdAt: true,
  processedAt: true,
} as const;

export interface MediaAssetView {
  id: string;
  ownerKind: string;
  status: "PENDING" | "READY" | "REJECTED";
  contentType: string | null;
  size: number | null;
  width: number | null;
  height: number | null;
  /** { thumb, card, full } when READY: each { key, url, width, height, size, contentType: "image/webp" }. */
  renditions: Renditions | null;
  rejectionReason: string | null;
  createdAt: Date;
  processedAt: Date | null;
}

type AssetRow = Omit<MediaAssetView, "renditions"> & { renditions: unknown };
const view = (row: AssetRow): MediaAssetView => ({ ...row, renditions: (row.renditions as Renditions | null) ?? null });

export interface CreatedUpload {
  assetId: string;
  /** PUT the file's bytes here with exactly these headers before `expiresAt`, then call confirmUpload. */
  upload: PresignedPut;
  maxBytes: number;
}

// "review": shoppers' review photos, created through the reviews domain (reviews/review-photos.service.ts).
export async function createUpload(tx: Tx, deps: MediaDeps, tenantId: string, actorId: string, input: Omit<CreateUploadInput, "ownerKind"> & { ownerKind: CreateUploadInput["ownerKind"] | "review" }): Promise<CreatedUpload> {
  if (input.size > deps.maxBytes) throw new ImageTooLargeError({ maxBytes: deps.maxBytes, size: input.size });
  const assetId = randomUUID();
  const originalKey = mediaKeys.original(tenantId, assetId);
  await tx.mediaAsset.create({
    data: { id: assetId, tenantId, ownerKind: input.ownerKind, originalKey, declaredContentType: input.contentType, declaredSize: input.size, createdBy: actorId },
  });
  const upload = await deps.store.presignPut(originalKey, {
    contentType: input.contentType,
    contentLength: input.size,
    expiresInSeconds: deps.uploadUrlTtlSeconds,
  });
  return { assetId, upload, maxBytes: deps.maxBytes };
}

export async function getAsset(tx: Tx, tenantId: string, assetId: string): Promise<MediaAssetView> {
  // RLS already hides other tenants' rows; the tenantId filter states the intent.
  const row = await tx.mediaAsset.findFirst({ where: { id: assetId, tenantId }, select: assetFields });
  if (!row) throw new NotFoundError("media asset", { assetId });
  return view(row);
}

function rejectionError(assetId: string, reason: string, maxBytes: number, detail: string) {
  return reason === "too_large" ? new ImageTooLargeError({ maxBytes, assetId, detail }) : new NotAnImageError(assetId, detail);
}

/**
 * Checks the uploaded object and renders its renditions. Idempotent: a READY asset is returned as it
 * is, a REJECTED one answers its error again. Two concurrent confirms both render the same objects;
 * the conditional update lets one of them record the outcome and emit the event.
 *
 * A refusal is committed in its own transaction on `rootDb` (the procedure's own transaction rolls back
 * with the error), so the asset says REJECTED and `media.asset.rejected` reaches the audit log.
 */
export async function confirmUpload(
  tx: Tx,
  rootDb: Db,
  deps: MediaDeps,
  tenantId: string,
  actorId: string,
  assetId: string,
): Promise<MediaAssetView> {
  const asset = await getAsset(tx, tenantId, assetId);
  if (asset.status === "READY") return asset;
  if (asset.status === "REJECTED") {
    const reason = asset.rejectionReason ?? "not_an_image";
    throw rejectionError(assetId, reason, deps.maxBytes, "this upload was already rejected; start a new one");
  }

  const outcome = await processUploadedImage(deps.store, { tenantId, assetId, maxBytes: deps.maxBytes });
  if (!outcome.ok) {
    if (outcome.reason === "missing") throw new UploadMissingError(assetId);
    const { reason, detail } = outcome;
    await withTenant(rootDb, tenantId, async (own) => {
      const rejected = await own.mediaAsset.updateMany({
        where: { id: assetId, tenantId, status: "PENDING" },
        data: { status: "REJECTED", rejectionReason: reason, processedAt: new Date() },
      });
      if (rejected.count === 0) return;
      await enqueue(own, {
        type: "media.asset.rejected",
        version: 1,
        tenantId,
        aggregateId: assetId,
        payload: { assetId, tenantId, ownerKind: asset.ownerKind, reason, detail: detail.slice(0, 1_000), actorId },
      });
    });
    throw rejectionError(assetId, reason, deps.maxBytes, detail);
  }

  const { contentType, size, width, height, renditions } = outcome;
  const ready = await tx.mediaAsset.updateMany({
    where: { id: assetId, tenantId, status: "PENDING" },
    data: { status: "READY", contentType, size, width, height, renditions: renditions as unknown as Prisma.InputJsonObject, processedAt: new Date() },
  });
  if (ready.count === 1) {
    await enqueue(tx, {
      type: "media.asset.ready",
      version: 1,
      tenantId,
      aggregateId: assetId,
      payload: { assetId, tenantId, ownerKind: asset.ownerKind, contentType, size, width, height, renditions, actorId },
    });
  }
  return getAsset(tx, tenantId, assetId);
}
