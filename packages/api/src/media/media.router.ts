import { createTRPCRouter, tenantProcedure } from "../trpc";
import { confirmUploadHandler, createUploadHandler, getAssetHandler } from "./media.handlers";
import { assetIdSchema, createUploadSchema } from "./media.schema";

/** Image uploads of the header tenant: presigned upload, then confirm (checks + renditions). */
export const mediaRouter = createTRPCRouter({
  createUpload: tenantProcedure("STAFF").input(createUploadSchema).mutation(createUploadHandler),
  confirmUpload: tenantProcedure("STAFF").input(assetIdSchema).mutation(confirmUploadHandler),
  getAsset: tenantProcedure("VIEWER").input(assetIdSchema).query(getAssetHandler),
});
