import { z } from "zod";
import { defineEvent } from "./contract";

// Uploaded images (packages/api/src/media). Other domains refer to an asset by `assetId`; the ready event
// carries everything a reader needs to show it (the catalog's product images, store themes, search).

const renditionSchema = z.object({
  key: z.string().min(1),
  url: z.url(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  size: z.number().int().positive(),
  contentType: z.literal("image/webp"),
});

export const mediaRenditionsSchema = z.object({ thumb: renditionSchema, card: renditionSchema, full: renditionSchema });

const ownerKind = z.string().regex(/^[a-z][a-z_]{1,31}$/);

/** An upload passed the checks (type by content, size, pixels) and its renditions are stored. */
export const mediaAssetReadyV1 = defineEvent({
  type: "media.asset.ready",
  version: 1,
  topic: "media.events",
  aggregateType: "media_asset",
  payload: z.object({
    assetId: z.uuid(),
    tenantId: z.uuid(),
    ownerKind,
    contentType: z.string().regex(/^image\/[a-z0-9.+-]+$/),
    size: z.number().int().positive(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    renditions: mediaRenditionsSchema,
    actorId: z.uuid(),
  }),
});

/** An upload was refused; its original was moved to quarantine. */
export const mediaAssetRejectedV1 = defineEvent({
  type: "media.asset.rejected",
  version: 1,
  topic: "media.events",
  aggregateType: "media_asset",
  payload: z.object({
    assetId: z.uuid(),
    tenantId: z.uuid(),
    ownerKind,
    reason: z.enum(["not_an_image", "too_large"]),
    detail: z.string().max(1_000),
    actorId: z.uuid(),
  }),
});
