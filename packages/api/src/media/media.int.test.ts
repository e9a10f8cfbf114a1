import { asPlatform, createDb, type Db } from "@bazaar/db";
import { createTestDatabase, testDatabaseName, type TestDatabase } from "@bazaar/db/testing";
import { baseEnv } from "@bazaar/config";
import { parseEvent } from "@bazaar/events";
import { detectImageType, mediaKeys, storageEnv } from "@bazaar/storage";
import { makeTestImage, uploadToPresigned } from "@bazaar/storage/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "../root";
import { quietLogger } from "../testing/quiet-logger";
import { refusal, refusalDetails as details } from "../testing/refusal";
import { waitForUrls } from "../testing/wait-for";
import { createTRPCContext } from "../trpc";
import { mediaDeps } from "./media.deps";

// The media router against the real database and the real S3 server (`infra up` starts S3Proxy), through
// the real procedure builders; sessions are handed to the context (credentials are identity's concern).

let database: TestDatabase;
let db: Db;
let redis: Redis;
const logger = quietLogger("media-test");
const u = { staff: "", viewer: "", otherStaff: "" };
const t = { a: "", b: "" };
const { store, maxBytes } = mediaDeps();

async function caller(userId: string, tenantId: string) {
  const ctx = await createTRPCContext({ headers: { "x-tenant-id": tenantId }, db, redis, logger, rateLimiter: null });
  return createCaller({ ...ctx, session: { userId, platformRole: "NONE" } });
}

const events = (type: string, assetId: string) =>
  asPlatform(db, (tx) => tx.outboxEvent.findMany({ where: { type, key: assetId }, select: { envelope: true, tenantId: true } }));
const row = (assetId: string) => asPlatform(db, (tx) => tx.mediaAsset.findUnique({ where: { id: assetId } }));

/** createUpload + the browser's PUT, as the admin app's uploader does it. */
async function upload(userId: string, tenantId: string, bytes: Uint8Array, contentType: "image/png" | "image/jpeg" = "image/png") {
  const api = await caller(userId, tenantId);
  const created = await api.media.createUpload({ ownerKind: "product", contentType, size: bytes.byteLength });
  const put = await uploadToPresigned(created.upload, bytes);
  expect(put.status).toBe(200);
  return created.assetId;
}

beforeAll(async () => {
  await waitForUrls(baseEnv().DATABASE_URL, baseEnv().REDIS_URL, storageEnv().S3_ENDPOINT);
  database = await createTestDatabase(testDatabaseName("api_media"));
  db = createDb({ url: database.url, poolSize: 4 });
  redis = new Redis(baseEnv().REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  await store.ensureBucket();
  await asPlatform(db, async (tx) => {
    for (const key of Object.keys(u) as (keyof typeof u)[]) {
      u[key] = (await tx.user.create({ data: { email: `${key.toLowerCase()}@media.test`, name: key, passwordHash: "unused" } })).id;
    }
    t.a = (await tx.tenant.create({ data: { slug: "media-a", name: "Media A", type: "SELLER_BUSINESS", plan: "PRO" } })).id;
    t.b = (await tx.tenant.create({ data: { slug: "media-b", name: "Media B", type: "SELLER_BUSINESS", plan: "PRO" } })).id;
    await tx.membership.createMany({
      data: [
        { tenantId: t.a, userId: u.staff, role: "STAFF" },
        { tenantId: t.a, userId: u.viewer, role: "VIEWER" },
        { tenantId: t.b, userId: u.otherStaff, role: "STAFF" },
      ],
    });
  });
});

afterAll(async () => {
  redis?.disconnect();
  await db?.$disconnect();
  await database?.drop();
});

describe("an image upload", () => {
  it("PNG: presigned PUT, confirm, renditions of the right sizes served from their URLs, one event", async () => {
    const png = await makeTestImage(1600, 1200, "png");
    const assetId = await upload(u.staff, t.a, png);
    expect(await (await caller(u.viewer, t.a)).media.getAsset({ assetId })).toMatchObject({ status: "PENDING", renditions: null });

    const api = await caller(u.staff, t.a);
    const asset = await api.media.confirmUpload({ assetId });
    expect(asset).toMatchObject({ id: assetId, ownerKind: "product", status: "READY", contentType: "image/png", size: png.byteLength, width: 1600, height: 1200 });
    const renditions = asset.renditions!;
    expect(Object.fromEntries(Object.entries(renditions).map(([name, r]) => [name, [r.width, r.height, r.key]]))).toEqual({
      thumb: [160, 160, mediaKeys.rendition(t.a, assetId, "thumb")],
      card: [480, 360, mediaKeys.rendition(t.a, assetId, "card")],
      full: [1200, 900, mediaKeys.rendition(t.a, assetId, "full")],
    });
    for (const r of Object.values(renditions)) {
      const served = await fetch(r.url);
      const bytes = new Uint8Array(await served.arrayBuffer());
      expect([served.status, served.headers.get("content-type"), bytes.byteLength]).toEqual([200, "image/webp", r.size]);
      expect(await detectImageType(bytes)).toBe("image/webp");
    }
    expect((await fetch(store.publicUrl(mediaKeys.original(t.a, assetId)))).status).toBe(403);

    // Confirming again changes nothing and emits nothing more.
    expect(await api.media.confirmUpload({ assetId })).toEqual(asset);
    expect(await (await caller(u.viewer, t.a)).media.getAsset({ assetId })).toEqual(asset);
    const ready = await events("media.asset.ready", assetId);
    expect(ready).toHaveLength(1);
    const parsed = parseEvent(ready[0]!.envelope);
    if (!parsed.ok) throw parsed.error;
    expect(parsed.event).toMatchObject({ tenantId: t.a, aggregate: { type: "media_asset", id: assetId } });
    expect(parsed.event.payload).toMatchObject({ assetId, width: 1600, height: 1200, renditions, actorId: u.staff });
  });

  it("JPEG: renditions keep the aspect ratio and are never enlarged", async () => {
    const jpeg = await makeTestImage(900, 600, "jpeg");
    const assetId = await upload(u.staff, t.a, jpeg, "image/jpeg");
    const asset = await (await caller(u.staff, t.a)).media.confirmUpload({ assetId });
    expect([asset.contentType, asset.width, asset.height]).toEqual(["image/jpeg", 900, 600]);
    const r = asset.renditions!;
    expect([r.thumb.width, r.thumb.height, r.card.width, r.card.height, r.full.width, r.full.height]).toEqual([160, 160, 480, 320, 900, 600]);
  });
});

describe("concurrent confirms", () => {
  it("all answer READY with the same renditions and exactly one ready event is emitted", async () => {
    const assetId = await upload(u.staff, t.a, await makeTestImage(640, 480, "jpeg"), "image/jpeg");
    const results = await Promise.all(Array.from({ length: 4 }, async () => (await caller(u.staff, t.a)).media.confirmUpload({ assetId })));
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(["READY"]));
    expect(new Set(results.map((r) => JSON.stringify(r.renditions))).size).toBe(1);
    expect(await events("media.asset.ready", assetId)).toHaveLength(1);
  });
});

describe("a refused upload", () => {
  it("a text file renamed .png: NotAnImage, REJECTED, original quarantined, one rejected event", async () => {
    const text = Buffer.from("this is a text file with a .png name\n".repeat(20));
    const assetId = await upload(u.staff, t.a, text, "image/png");
    const api = await caller(u.staff, t.a);
    const error = await refusal(api.media.confirmUpload({ assetId }));
    expect([error.code, details(error)?.reason]).toEqual(["UNPROCESSABLE_CONTENT", "not_an_image"]);
    expect(await row(assetId)).toMatchObject({ status: "REJECTED", rejectionReason: "not_an_image", renditions: null });
    expect(await store.headObject(mediaKeys.original(t.a, assetId))).toBeNull();
    expect(await store.headObject(mediaKeys.quarantine(t.a, assetId))).toMatchObject({ size: text.byteLength });

    const again = await refusal(api.media.confirmUpload({ assetId }));
    expect([again.code, details(again)?.reason]).toEqual(["UNPROCESSABLE_CONTENT", "not_an_image"]);
    const rejected = await events("media.asset.rejected", assetId);
    expect(rejected).toHaveLength(1);
    const parsed = parseEvent(rejected[0]!.envelope);
    if (!parsed.ok) throw parsed.error;
    expect(parsed.event.payload).toMatchObject({ assetId, reason: "not_an_image", actorId: u.staff });
  });

  it("over the size cap: createUpload refuses and records nothing; the URL refuses more bytes than signed", async () => {
    const api = await caller(u.staff, t.a);
    const before = await asPlatform(db, (tx) => tx.mediaAsset.count());
    const error = await refusal(api.media.createUpload({ ownerKind: "product", contentType: "image/png", size: maxBytes + 1 }));
    expect([error.code, details(error)?.reason]).toEqual(["PAYLOAD_TOO_LARGE", "too_large"]);
    expect(await asPlatform(db, (tx) => tx.mediaAsset.count())).toBe(before);

    const png = await makeTestImage(50, 50);
    const created = await api.media.createUpload({ ownerKind: "product", contentType: "image/png", size: png.byteLength });
    const padded = Buffer.concat([png, Buffer.alloc(4096)]);
    expect((await uploadToPresigned(created.upload, padded)).status).toBe(403);
    const missing = await refusal(api.media.confirmUpload({ assetId: created.assetId }));
    expect([missing.code, details(missing)?.reason]).toEqual(["PRECONDITION_FAILED", "not_uploaded"]);
    expect(await row(created.assetId)).toMatchObject({ status: "PENDING" });
  });

  it("an original over the cap that reached the store another way is rejected as too large", async () => {
    const api = await caller(u.staff, t.a);
    const created = await api.media.createUpload({ ownerKind: "store", contentType: "image/png", size: 1024 });
    await store.putObject(mediaKeys.original(t.a, created.assetId), Buffer.alloc(maxBytes + 1), { contentType: "image/png" });
    const error = await refusal(api.media.confirmUpload({ assetId: created.assetId }));
    expect([error.code, details(error)?.reason]).toEqual(["PAYLOAD_TOO_LARGE", "too_large"]);
    expect(await row(created.assetId)).toMatchObject({ status: "REJECTED", rejectionReason: "too_large" });
    expect(await store.headObject(mediaKeys.original(t.a, created.assetId))).toBeNull();
  });
});

describe("tenant isolation", () => {
  it("another tenant can neither confirm nor read the asset, and the asset is untouched", async () => {
    const png = await makeTestImage(64, 64);
    const assetId = await upload(u.staff, t.a, png);
    const other = await caller(u.otherStaff, t.b);
    expect((await refusal(other.media.confirmUpload({ assetId }))).code).toBe("NOT_FOUND");
    expect((await refusal(other.media.getAsset({ assetId }))).code).toBe("NOT_FOUND");
    // Naming tenant A in the header does not help a non-member.
    const intruder = await caller(u.otherStaff, t.a);
    expect((await refusal(intruder.media.confirmUpload({ assetId }))).code).toBe("FORBIDDEN");
    expect(await row(assetId)).toMatchObject({ status: "PENDING", tenantId: t.a });
    expect(await events("media.asset.ready", assetId)).toHaveLength(0);
    expect(await store.headObject(mediaKeys.rendition(t.a, assetId, "thumb"))).toBeNull();
  });

  it("a viewer may read but not upload; an unknown id is NOT_FOUND", async () => {
    const viewer = await caller(u.viewer, t.a);
    expect((await refusal(viewer.media.createUpload({ ownerKind: "product", contentType: "image/png", size: 10 }))).code).toBe("FORBIDDEN");
    expect((await refusal(viewer.media.getAsset({ assetId: crypto.randomUUID() }))).code).toBe("NOT_FOUND");
    expect((await refusal(viewer.media.getAsset({ assetId: "not-a-uuid" }))).code).toBe("BAD_REQUEST");
  });
});
