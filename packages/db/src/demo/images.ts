import { mediaKeys, processUploadedImage, type ObjectStore, type Renditions } from "@bazaar/storage";
import type { Db } from "../client";
import type { Prisma } from "../generated/prisma/client";
import { asPlatform } from "../tenant-context";
import { artwork } from "./artwork";
import { demoUuid } from "./prng";

// Generated images for the demo catalogue, uploaded through @bazaar/storage like a seller's upload: the
// original goes to the asset's key, processUploadedImage checks it and renders the renditions, and the
// media_assets row records them READY. Asset ids derive from what they show, so a re-run uploads nothing
// already there. Every product gets one image; every store a logo and a banner in its theme.

const MAX_BYTES = 10 * 1024 * 1024;
const CONCURRENCY = 4;

interface Job {
  assetId: string;
  tenantId: string;
  ownerKind: "product" | "store";
  name: string;
  width: number;
  height: number;
}

export interface DemoImagesSummary {
  /** Assets the demo data has (uploaded now or before). */
  assets: number;
  uploaded: number;
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

export async function seedDemoImages(db: Db, store: ObjectStore, tenantIds: string[]): Promise<DemoImagesSummary> {
  const { products, stores, owners, ready } = await asPlatform(db, async (tx) => {
    const products = await tx.product.findMany({ where: { tenantId: { in: tenantIds } }, select: { id: true, tenantId: true, title: true }, orderBy: { id: "asc" } });
    const stores = await tx.store.findMany({ where: { tenantId: { in: tenantIds } }, select: { id: true, tenantId: true, name: true, theme: true } });
    const owners = await tx.membership.findMany({ where: { tenantId: { in: tenantIds }, role: "OWNER" }, select: { tenantId: true, userId: true }, orderBy: { createdAt: "asc" } });
    const ready = await tx.mediaAsset.findMany({ where: { tenantId: { in: tenantIds }, status: "READY" }, select: { id: true } });
    return { products, stores, owners, ready: new Set(ready.map((a) => a.id)) };
  });
  const ownerOf = new Map<string, string>();
  for (const o of owners) if (!ownerOf.has(o.tenantId)) ownerOf.set(o.tenantId, o.userId);

  const productJobs: (Job & { productId: string; alt: string })[] = products.map((p) => ({
    assetId: demoUuid(`image:${p.id}`), tenantId: p.tenantId, ownerKind: "product", name: p.title, width: 640, height: 640, productId: p.id, alt: p.title,
  }));
  const storeJobs = stores.flatMap((s) => [
    { assetId: demoUuid(`logo:${s.id}`), tenantId: s.tenantId, ownerKind: "store" as const, name: s.name, width: 320, height: 320, storeId: s.id, role: "logo" as const },
    { assetId: demoUuid(`banner:${s.id}`), tenantId: s.tenantId, ownerKind: "store" as const, name: `${s.name} banner`, width: 1200, height: 400, storeId: s.id, role: "banner" as const },
  ]);

  const assetRows: Prisma.MediaAssetCreateManyInput[] = [];
  const renditionsOf = new Map<string, Renditions>();
  await inBatches([...productJobs, ...storeJobs].filter((j) => !ready.has(j.assetId)), CONCURRENCY, async (job) => {
    const bytes = await artwork(job.name, job.width, job.height);
    const originalKey = mediaKeys.original(job.tenantId, job.assetId);
    await store.putObject(originalKey, bytes, { contentType: "image/png" });
    const processed = await processUploadedImage(store, { tenantId: job.tenantId, assetId: job.assetId, maxBytes: MAX_BYTES });
    if (!processed.ok) throw new Error(`demo image ${job.assetId} was refused: ${processed.reason} ${processed.detail}`);
    renditionsOf.set(job.assetId, processed.renditions);
    assetRows.push({
      id: job.assetId,
      tenantId: job.tenantId,
      ownerKind: job.ownerKind,
      status: "READY",
      originalKey,
      declaredContentType: "image/png",
      declaredSize: bytes.byteLength,
      contentType: processed.contentType,
      size: processed.size,
      width: processed.width,
      height: processed.height,
      renditions: processed.renditions as unknown as Prisma.InputJsonValue,
      createdBy: ownerOf.get(job.tenantId) ?? job.tenantId,
      processedAt: new Date(),
    });
  });

  await asPlatform(db, async (tx) => {
    await tx.mediaAsset.createMany({ data: assetRows, skipDuplicates: true });
    await tx.productImage.createMany({
      data: productJobs.map((j) => ({ id: demoUuid(`product-image:${j.productId}`), tenantId: j.tenantId, productId: j.productId, assetId: j.assetId, alt: j.alt, position: 0 })),
      skipDuplicates: true,
    });
    // A theme that already has a logo or banner (set by its seller) keeps it.
    for (const s of stores) {
      const theme = (s.theme ?? {}) as Record<string, unknown>;
      const patch: Record<string, unknown> = {};
      for (const job of storeJobs.filter((j) => j.storeId === s.id)) {
        const renditions = renditionsOf.get(job.assetId);
        if (theme[job.role] === undefined && renditions) patch[job.role] = { assetId: job.assetId, url: renditions[job.role === "logo" ? "card" : "full"].url };
      }
      if (Object.keys(patch).length > 0) await tx.store.update({ where: { id: s.id }, data: { theme: { ...theme, ...patch } as Prisma.InputJsonValue } });
    }
  }, { timeout: 60_000 });

  return { assets: productJobs.length + storeJobs.length, uploaded: assetRows.length };
}
