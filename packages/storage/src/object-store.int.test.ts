import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storageEnv } from "./env";
import { detectImageType } from "./image-renditions";
import { mediaKeys, processUploadedImage } from "./media-pipeline";
import { ObjectStore, objectStoreConfigFromEnv } from "./object-store";
import { makeTestImage, uploadToPresigned } from "./testing";

// Against the real S3 server `infra up` starts (S3Proxy on S3_ENDPOINT), in S3_BUCKET under a prefix of
// this run, plus a scratch bucket of this run (removed again) to prove bucket creation is idempotent.

const run = randomUUID();
let store: ObjectStore;

beforeAll(async () => {
  store = new ObjectStore(objectStoreConfigFromEnv());
  await store.ensureBucket();
});

afterAll(() => store?.destroy());

describe("ObjectStore", () => {
  it("creates a bucket once and again without error", async () => {
    const other = new ObjectStore({ ...objectStoreConfigFromEnv(), bucket: `bazaar-test-${run.slice(0, 8)}` });
    await expect(other.ping()).rejects.toThrow(/cannot reach bucket/);
    await other.ensureBucket();
    await other.ensureBucket();
    await other.ping();
    await other.putObject("k", "v", { contentType: "text/plain" });
    expect(await other.headObject("k")).toMatchObject({ size: 1 });
    await other.deleteObject("k");
    await other.deleteBucket();
    await expect(other.ping()).rejects.toThrow(/cannot reach bucket/);
    other.destroy();
  });

  it("puts, reads, lists by prefix, moves and deletes objects", async () => {
    const prefix = `lake-test/${run}/`;
    for (const day of ["2026-12-01", "2026-12-02"]) {
      await store.putObject(`${prefix}dt=${day}/part-0.jsonl`, `{"day":"${day}"}\n`, { contentType: "application/x-ndjson" });
    }
    await store.putObject(`lake-test/${run}-other/x`, "x", { contentType: "text/plain" });
    const listed = [];
    for await (const item of store.listObjects(prefix)) listed.push(item.key);
    expect(listed.sort()).toEqual([`${prefix}dt=2026-12-01/part-0.jsonl`, `${prefix}dt=2026-12-02/part-0.jsonl`]);

    expect(Buffer.from((await store.getObject(listed[0]!))!).toString()).toBe('{"day":"2026-12-01"}\n');
    expect(Buffer.from((await store.getObject(listed[0]!, { maxBytes: 3 }))!).toString()).toBe('{"d');
    expect(await store.getObject(`${prefix}missing`)).toBeNull();
    expect(await store.headObject(`${prefix}missing`)).toBeNull();

    await store.moveObject(listed[0]!, `${prefix}moved`);
    expect(await store.headObject(listed[0]!)).toBeNull();
    expect(await store.headObject(`${prefix}moved`)).toMatchObject({ size: 21 });
    await store.deleteObject(`${prefix}moved`);
    await store.deleteObject(`${prefix}moved`);
    expect(await store.headObject(`${prefix}moved`)).toBeNull();
  });

  it("serves public-read objects without credentials and nothing else", async () => {
    await store.putObject(`pub-test/${run}/open.txt`, "open", { contentType: "text/plain", publicRead: true });
    await store.putObject(`pub-test/${run}/closed.txt`, "closed", { contentType: "text/plain" });
    const open = await fetch(store.publicUrl(`pub-test/${run}/open.txt`));
    expect([open.status, await open.text()]).toEqual([200, "open"]);
    expect((await fetch(store.publicUrl(`pub-test/${run}/closed.txt`))).status).toBe(403);
  });

  it("presigned PUT accepts exactly the signed length and type", async () => {
    const key = `presign-test/${run}/a.png`;
    const png = await makeTestImage(20, 20);
    const presigned = await store.presignPut(key, { contentType: "image/png", contentLength: png.byteLength, expiresInSeconds: 60 });
    expect(presigned.expiresAt.getTime()).toBeGreaterThan(Date.now());

    const tooBig = Buffer.concat([png, Buffer.alloc(100)]);
    expect((await uploadToPresigned(presigned, tooBig)).status).toBe(403);
    expect((await uploadToPresigned(presigned, png, { ...presigned.headers, "content-type": "text/plain" })).status).toBe(403);
    expect(await store.headObject(key)).toBeNull();

    expect((await uploadToPresigned(presigned, png)).status).toBe(200);
    expect(await store.headObject(key)).toMatchObject({ size: png.byteLength, contentType: "image/png" });
  });
});

describe("processUploadedImage", () => {
  const maxBytes = storageEnv().MEDIA_MAX_UPLOAD_BYTES;
  const tenantId = randomUUID();

  it("renders public WebP renditions of an uploaded JPEG under deterministic keys", async () => {
    const assetId = randomUUID();
    const jpeg = await makeTestImage(1500, 1000, "jpeg");
    await store.putObject(mediaKeys.original(tenantId, assetId), jpeg, { contentType: "image/jpeg" });
    const result = await processUploadedImage(store, { tenantId, assetId, maxBytes });
    if (!result.ok) throw new Error(result.detail);
    expect([result.contentType, result.width, result.height, result.size]).toEqual(["image/jpeg", 1500, 1000, jpeg.byteLength]);
    expect(Object.fromEntries(Object.entries(result.renditions).map(([n, r]) => [n, [r.key, r.width, r.height]]))).toEqual({
      thumb: [`media/${tenantId}/${assetId}/thumb.webp`, 160, 160],
      card: [`media/${tenantId}/${assetId}/card.webp`, 480, 320],
      full: [`media/${tenantId}/${assetId}/full.webp`, 1200, 800],
    });
    const served = await fetch(result.renditions.card.url);
    expect([served.status, served.headers.get("content-type")]).toEqual([200, "image/webp"]);
    const bytes = new Uint8Array(await served.arrayBuffer());
    expect(bytes.byteLength).toBe(result.renditions.card.size);
    expect(await detectImageType(bytes)).toBe("image/webp");
  });

  it("quarantines a text file that claims to be a PNG, and an oversized original", async () => {
    const textId = randomUUID();
    await store.putObject(mediaKeys.original(tenantId, textId), "hello, I am text\n".repeat(10), { contentType: "image/png" });
    expect(await processUploadedImage(store, { tenantId, assetId: textId, maxBytes })).toMatchObject({ ok: false, reason: "not_an_image" });
    expect(await store.headObject(mediaKeys.original(tenantId, textId))).toBeNull();
    expect(await store.headObject(mediaKeys.quarantine(tenantId, textId))).not.toBeNull();

    const bigId = randomUUID();
    const png = await makeTestImage(64, 64);
    await store.putObject(mediaKeys.original(tenantId, bigId), png, { contentType: "image/png" });
    expect(await processUploadedImage(store, { tenantId, assetId: bigId, maxBytes: png.byteLength - 1 })).toMatchObject({ ok: false, reason: "too_large" });
    expect(await store.headObject(mediaKeys.quarantine(tenantId, bigId))).not.toBeNull();
    expect(await store.headObject(mediaKeys.rendition(tenantId, bigId, "thumb"))).toBeNull();
  });

  it("says missing when nothing was uploaded", async () => {
    expect(await processUploadedImage(store, { tenantId, assetId: randomUUID(), maxBytes })).toMatchObject({ ok: false, reason: "missing" });
  });
});
