import type { Tx } from "@bazaar/db";
import { DomainError } from "../errors";
import { getAsset } from "../media/media.service";
import type { Theme } from "./stores.schema";

// A theme names its logo and banner by media asset id. The asset must be the tenant's own and READY;
// the URL stored beside the id is the rendition's, resolved here: whatever URL a client sent is replaced,
// so a theme can only ever point at the tenant's own processed images.

const RENDITION = { logo: "card", banner: "full" } as const;

export async function resolveThemeImages(tx: Tx, tenantId: string, theme: Theme): Promise<Theme> {
  const resolved: Theme = { ...theme };
  for (const role of ["logo", "banner"] as const) {
    const ref = theme[role];
    if (!ref) continue;
    // NOT_FOUND for an unknown id or another tenant's asset (row-level security hides it).
    const asset = await getAsset(tx, tenantId, ref.assetId);
    if (asset.status !== "READY" || !asset.renditions) {
      throw new DomainError("PRECONDITION_FAILED", `the ${role} image is not ready (${asset.status.toLowerCase()})`, { role, assetId: ref.assetId, status: asset.status });
    }
    resolved[role] = { assetId: ref.assetId, url: asset.renditions[RENDITION[role]].url };
  }
  return resolved;
}
