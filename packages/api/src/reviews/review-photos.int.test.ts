import { storageEnv } from "@bazaar/storage";
import { makeTestImage, uploadToPresigned } from "@bazaar/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SellerFixture } from "../inventory/inventory.testing";
import { refusal, refusalDetails } from "../testing/refusal";
import { waitForUrls } from "../testing/wait-for";
import { reviewsSnapshot, startReviewsWorld, type ReviewsWorld } from "./reviews.testing";

// Review photos through the real object store: the buyer of a delivered line uploads, confirms, and
// attaches; the public listing serves the renditions. Nobody else's (or an unconfirmed) asset attaches.

let w: ReviewsWorld;
let seller: SellerFixture;

beforeAll(async () => {
  await waitForUrls(storageEnv().S3_ENDPOINT);
  w = await startReviewsWorld("reviews_photos");
  seller = await w.autoPublishingSeller("photos", 2);
});

afterAll(async () => {
  await w?.close();
});

async function uploadPhoto(userId: string, orderLineId: string, confirm = true) {
  const c = await w.as(userId);
  const jpeg = await makeTestImage(640, 480, "jpeg");
  const created = await c.reviews.createPhotoUpload({ orderLineId, contentType: "image/jpeg", size: jpeg.length });
  expect((await uploadToPresigned(created.upload, jpeg)).status).toBe(200);
  if (confirm) expect(await c.reviews.confirmPhotoUpload({ orderLineId, assetId: created.assetId })).toMatchObject({ status: "READY", ownerKind: "review" });
  return created.assetId;
}

describe("review photos", () => {
  it("attach the buyer's confirmed uploads and show their renditions", async () => {
    const shopper = await w.shopper("photographer");
    const { lineIds } = await w.order(shopper, seller, [seller.variantIds[0]!]);
    const assetId = await uploadPhoto(shopper, lineIds[0]!);
    const review = await (await w.as(shopper)).reviews.createReview({ orderLineId: lineIds[0]!, rating: 5, title: "In use", body: "Photo attached.", photoAssetIds: [assetId] });
    const [listed] = (await (await w.as(null)).reviews.listProductReviews({ productId: seller.productId })).items.filter((r) => r.id === review.id);
    expect(listed!.photos).toEqual([{ assetId, thumbUrl: expect.stringMatching(/^https?:\/\//), fullUrl: expect.stringMatching(/^https?:\/\//) }]);
    expect((await fetch(listed!.photos[0]!.thumbUrl!)).status).toBe(200);
  });

  it("refuse another shopper's, an unconfirmed or a made-up asset, and uploads for a line not theirs", async () => {
    const owner = await w.shopper("owner-of-photo");
    const other = await w.shopper("borrower");
    const mine = await w.order(owner, seller, [seller.variantIds[1]!]);
    const theirs = await w.order(other, seller, [seller.variantIds[1]!]);
    const confirmed = await uploadPhoto(owner, mine.lineIds[0]!);
    const unconfirmed = await uploadPhoto(other, theirs.lineIds[0]!, false);
    const before = await reviewsSnapshot(w.db);
    const c = await w.as(other);
    for (const photoAssetIds of [[confirmed], [unconfirmed], [crypto.randomUUID()]]) {
      const e = await refusal(c.reviews.createReview({ orderLineId: theirs.lineIds[0]!, rating: 4, title: "Borrowed", body: "Not my photo.", photoAssetIds }));
      expect([e.code, refusalDetails(e)?.reason]).toEqual(["BAD_REQUEST", "photo-not-ready"]);
    }
    expect((await refusal(c.reviews.createPhotoUpload({ orderLineId: mine.lineIds[0]!, contentType: "image/png", size: 100 }))).code).toBe("NOT_FOUND");
    expect((await refusal(c.reviews.confirmPhotoUpload({ orderLineId: theirs.lineIds[0]!, assetId: confirmed }))).code).toBe("NOT_FOUND");
    expect(await reviewsSnapshot(w.db)).toEqual(before);
  });
});
