import { asPlatform, withTenant, type Db } from "@bazaar/db";
import { NotFoundError } from "../errors";
import { mediaDeps } from "../media/media.deps";
import { confirmUpload, createUpload, getAsset } from "../media/media.service";
import { ownOrder } from "./review-submit.service";

// Review photos are media assets of the reviewed seller's tenant (owner kind "review", created by the
// shopper), uploaded like any other through a presigned PUT and confirmed (type checked by content,
// renditions). Only the buyer of a delivered line may upload for it; submitReview then accepts only
// their own READY review assets.

async function lineTenant(db: Db, userId: string, orderLineId: string) {
  return asPlatform(db, async (tx) => (await ownOrder(tx, userId, { lineId: orderLineId })).tenantId);
}

export async function createPhotoUpload(db: Db, userId: string, input: { orderLineId: string; contentType: "image/jpeg" | "image/png" | "image/webp" | "image/avif" | "image/gif"; size: number }) {
  const tenantId = await lineTenant(db, userId, input.orderLineId);
  return withTenant(db, tenantId, (tx) => createUpload(tx, mediaDeps(), tenantId, userId, { ownerKind: "review", contentType: input.contentType, size: input.size }));
}

export async function confirmPhotoUpload(db: Db, userId: string, input: { orderLineId: string; assetId: string }) {
  const tenantId = await lineTenant(db, userId, input.orderLineId);
  return withTenant(db, tenantId, async (tx) => {
    const own = await tx.mediaAsset.findFirst({ where: { id: input.assetId, tenantId, createdBy: userId, ownerKind: "review" }, select: { id: true } });
    if (!own) throw new NotFoundError("media asset", { assetId: input.assetId });
    await confirmUpload(tx, db, mediaDeps(), tenantId, userId, input.assetId);
    return getAsset(tx, tenantId, input.assetId);
  });
}
