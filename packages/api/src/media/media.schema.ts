import { ACCEPTED_IMAGE_TYPES } from "@bazaar/storage";
import { z } from "zod";

/** What an asset may illustrate. The column is an open list (CHECK on the format); add kinds here. */
export const MEDIA_OWNER_KINDS = ["product", "store"] as const;
export type MediaOwnerKind = (typeof MEDIA_OWNER_KINDS)[number];

export const createUploadSchema = z.object({
  ownerKind: z.enum(MEDIA_OWNER_KINDS),
  /** The type the browser will send; the bytes are checked again at confirmUpload. */
  contentType: z.enum(ACCEPTED_IMAGE_TYPES),
  /** Exact byte length of the file; the presigned URL accepts no other. The cap is checked by the service. */
  size: z.number().int().positive(),
});
export type CreateUploadInput = z.infer<typeof createUploadSchema>;

export const assetIdSchema = z.object({ assetId: z.uuid() });
export type AssetIdInput = z.infer<typeof assetIdSchema>;
