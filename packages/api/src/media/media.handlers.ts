import type { TenantContext } from "../tenants/procedure-context";
import { mediaDeps } from "./media.deps";
import type { AssetIdInput, CreateUploadInput } from "./media.schema";
import { confirmUpload, createUpload, getAsset } from "./media.service";

export function createUploadHandler({ ctx, input }: { ctx: TenantContext; input: CreateUploadInput }) {
  return createUpload(ctx.db, mediaDeps(), ctx.tenant.id, ctx.session.userId, input);
}

export function confirmUploadHandler({ ctx, input }: { ctx: TenantContext; input: AssetIdInput }) {
  return confirmUpload(ctx.db, ctx.rootDb, mediaDeps(), ctx.tenant.id, ctx.session.userId, input.assetId);
}

export function getAssetHandler({ ctx, input }: { ctx: TenantContext; input: AssetIdInput }) {
  return getAsset(ctx.db, ctx.tenant.id, input.assetId);
}
