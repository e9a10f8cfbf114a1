import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asPlatform } from "@bazaar/db";
import type { SellerFixture } from "../inventory/inventory.testing";
import { refusal, refusalDetails } from "../testing/refusal";
import { reviewEvents, reviewsSnapshot, startReviewsWorld, type ReviewsWorld } from "./reviews.testing";

// Thresholds small enough to reach in a test; reviewsEnv() reads them on first use.
process.env.REVIEWS_BURST_MAX_PER_ACCOUNT = "3";
process.env.REVIEWS_BURST_MAX_PER_ADDRESS = "2";
process.env.REVIEWS_BURST_WINDOW_MINUTES = "60";
process.env.REVIEWS_NEW_ACCOUNT_MINUTES = "60";
process.env.REVIEWS_EDIT_WINDOW_MINUTES = "120";

let w: ReviewsWorld;
let acme: SellerFixture;
let bolt: SellerFixture;
let operator: string;

const good = { rating: 4, title: "Soft and well made", body: "Washed it three times,\nstill like new." };

beforeAll(async () => {
  w = await startReviewsWorld("reviews_api");
  acme = await w.seller("acme", 6);
  bolt = await w.seller("bolt", 2);
  operator = await asPlatform(w.db, async (tx) => (await tx.user.create({ data: { email: `op.${w.runId}@ops.test`, name: "Op", passwordHash: "x", platformRole: "OPERATOR" } })).id);
});

afterAll(async () => {
  await w?.close();
});

describe("writing a review", () => {
  it("of a delivered line is PENDING, stored as written (markup included) and enqueues reviews.review.submitted", async () => {
    const shopper = await w.shopper("ada");
    const { lineIds } = await w.order(shopper, acme, [acme.variantIds[0]!]);
    const c = await w.as(shopper);
    const html = `<script>alert("x")</script> <b>bold</b> & "quotes"`;
    const review = await c.reviews.createReview({ orderLineId: lineIds[0]!, rating: 5, title: "<i>Great</i>", body: html });
    expect(review).toMatchObject({ status: "PENDING", subject: "PRODUCT", productId: acme.productId, tenantId: acme.tenantId, rating: 5, title: "<i>Great</i>", body: html, holdReasons: [] });
    const events = (await reviewEvents(w.db)).filter((e) => e.payload.reviewId === review.id);
    expect(events).toEqual([
      { type: "reviews.review.submitted", payload: expect.objectContaining({ status: "PENDING", rating: 5, ratingChange: { removed: null, added: null }, productId: acme.productId }) },
    ]);
    // Not public until approved.
    expect((await (await w.as(null)).reviews.listProductReviews({ productId: acme.productId })).items.map((r) => r.id)).not.toContain(review.id);
    expect((await c.reviews.myReviewable())[0]!.lines[0]!.review).toEqual({ id: review.id, status: "PENDING" });
  });

  it("refuses with typed errors and writes nothing: not bought, someone else's line, not delivered, a second review, rating 0 or 6, a 100 kB body", async () => {
    const shopper = await w.shopper("bob");
    const other = await w.shopper("eve");
    const delivered = await w.order(shopper, acme, [acme.variantIds[1]!]);
    const paid = await w.order(shopper, acme, [acme.variantIds[2]!], "PAID");
    const shipped = await w.order(shopper, acme, [acme.variantIds[3]!], "FULFILLED");
    const c = await w.as(shopper);
    await c.reviews.createReview({ orderLineId: delivered.lineIds[0]!, ...good });
    const before = await reviewsSnapshot(w.db);

    const notBought = await refusal(c.reviews.createReview({ orderLineId: randomUUID(), ...good }));
    expect(notBought.code).toBe("NOT_FOUND");
    const othersLine = await refusal((await w.as(other)).reviews.createReview({ orderLineId: delivered.lineIds[0]!, ...good }));
    expect(othersLine.code).toBe("NOT_FOUND");
    for (const order of [paid, shipped]) {
      const e = await refusal(c.reviews.createReview({ orderLineId: order.lineIds[0]!, ...good }));
      expect([e.code, refusalDetails(e)?.reason]).toEqual(["CONFLICT", "not-delivered"]);
    }
    const second = await refusal(c.reviews.createReview({ orderLineId: delivered.lineIds[0]!, ...good }));
    expect([second.code, refusalDetails(second)?.reason]).toEqual(["CONFLICT", "already-reviewed"]);
    for (const rating of [0, 6, 4.5]) expect((await refusal(c.reviews.createReview({ orderLineId: paid.lineIds[0]!, ...good, rating }))).code).toBe("BAD_REQUEST");
    expect((await refusal(c.reviews.createReview({ orderLineId: delivered.lineIds[0]!, ...good, body: "x".repeat(100_000) }))).code).toBe("BAD_REQUEST");
    expect((await refusal(c.reviews.createReview({ orderLineId: delivered.lineIds[0]!, ...good, title: "" }))).code).toBe("BAD_REQUEST");
    expect((await refusal(c.reviews.createReview({ orderLineId: delivered.lineIds[0]!, ...good, body: "nul \u0000 byte" }))).code).toBe("BAD_REQUEST");
    expect((await refusal(c.reviews.createSellerReview({ orderId: paid.orderId, ...good }))).code).toBe("CONFLICT");
    expect((await refusal((await w.as(other)).reviews.createSellerReview({ orderId: delivered.orderId, ...good }))).code).toBe("NOT_FOUND");
    expect((await refusal((await w.as(null)).reviews.createReview({ orderLineId: delivered.lineIds[0]!, ...good }))).code).toBe("UNAUTHORIZED");

    expect(await reviewsSnapshot(w.db)).toEqual(before);
  });

  it("lets 20 racing submissions of one line make exactly one review", async () => {
    const shopper = await w.shopper("race");
    const { lineIds } = await w.order(shopper, bolt, [bolt.variantIds[0]!]);
    const c = await w.as(shopper);
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => c.reviews.createReview({ orderLineId: lineIds[0]!, ...good })));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
    expect(refused.every((o) => (o.reason as { code?: string }).code === "CONFLICT")).toBe(true);
    expect(await asPlatform(w.db, (tx) => tx.review.count({ where: { orderLineId: lineIds[0]! } }))).toBe(1);
  });

  it("reviews the seller once per delivered order", async () => {
    const shopper = await w.shopper("cy");
    const { orderId } = await w.order(shopper, bolt, [bolt.variantIds[1]!]);
    const c = await w.as(shopper);
    const review = await c.reviews.createSellerReview({ orderId, ...good, rating: 3 });
    expect(review).toMatchObject({ subject: "SELLER", productId: null, orderLineId: null, tenantId: bolt.tenantId });
    const again = await refusal(c.reviews.createSellerReview({ orderId, ...good }));
    expect(refusalDetails(again)?.reason).toBe("already-reviewed");
  });
});

describe("automatic holds", () => {
  it("hold profanity and links, with the reason stored", async () => {
    const shopper = await w.shopper("holdtext");
    const { lineIds } = await w.order(shopper, acme, [acme.variantIds[0]!, acme.variantIds[1]!]);
    const c = await w.as(shopper);
    const rude = await c.reviews.createReview({ orderLineId: lineIds[0]!, ...good, body: "what a pile of shit" });
    const spam = await c.reviews.createReview({ orderLineId: lineIds[1]!, ...good, body: "cheaper at https://elsewhere.example/deal" });
    expect([rude.status, rude.holdReasons]).toEqual(["HELD", ["profanity"]]);
    expect([spam.status, spam.holdReasons]).toEqual(["HELD", ["link"]]);
  });

  it("hold a review right after sign-up, a burst from one account and a burst from one address", async () => {
    const fresh = await w.shopper("fresh", { ageMinutes: 5 });
    const f = await w.order(fresh, acme, [acme.variantIds[0]!]);
    expect((await (await w.as(fresh)).reviews.createReview({ orderLineId: f.lineIds[0]!, ...good })).holdReasons).toEqual(["new-account"]);

    const busy = await w.shopper("busy");
    const b = await w.order(busy, acme, acme.variantIds.slice(0, 4));
    const c = await w.as(busy);
    const statuses = [];
    for (const lineId of b.lineIds) statuses.push((await c.reviews.createReview({ orderLineId: lineId, ...good })).holdReasons);
    expect(statuses).toEqual([[], [], [], ["burst-account"]]);

    const address = "203.0.113.77";
    const reasons = [];
    for (const label of ["addr1", "addr2", "addr3"]) {
      const s = await w.shopper(label);
      const o = await w.order(s, bolt, [bolt.variantIds[0]!]);
      // The test caller has no proxy in front: the peer address is the client address.
      reasons.push((await (await w.as(s, { address })).reviews.createReview({ orderLineId: o.lineIds[0]!, ...good })).holdReasons);
    }
    expect(reasons).toEqual([[], [], ["burst-address"]]);
  });

  it("publish at once when the seller auto-publishes, unless a rule holds it", async () => {
    const seller = await w.seller("auto", 2);
    await (await w.as(seller.users.MANAGER, { tenantId: seller.tenantId })).reviews.updateReviewSettings({ autoPublish: true });
    expect(await (await w.as(seller.users.VIEWER, { tenantId: seller.tenantId })).reviews.reviewSettings()).toEqual({ autoPublish: true });
    const shopper = await w.shopper("autoshopper");
    const { lineIds } = await w.order(shopper, seller, seller.variantIds);
    const c = await w.as(shopper);
    const ok = await c.reviews.createReview({ orderLineId: lineIds[0]!, ...good });
    const held = await c.reviews.createReview({ orderLineId: lineIds[1]!, ...good, title: "visit www.spam" });
    expect([ok.status, held.status]).toEqual(["PUBLISHED", "HELD"]);
    const events = (await reviewEvents(w.db)).filter((e) => e.payload.reviewId === ok.id);
    expect(events[0]!.payload.ratingChange).toEqual({ removed: null, added: 4 });
    expect((await (await w.as(null)).reviews.listProductReviews({ productId: seller.productId })).items.map((r) => r.id)).toEqual([ok.id]);
  });
});

describe("editing", () => {
  it("is the author's within the window, goes through moderation again, then locks", async () => {
    const seller = await w.autoPublishingSeller("edit", 1);
    const shopper = await w.shopper("editor");
    const { lineIds } = await w.order(shopper, seller, seller.variantIds);
    const c = await w.as(shopper);
    const review = await c.reviews.createReview({ orderLineId: lineIds[0]!, ...good, rating: 5 });
    expect(review.status).toBe("PUBLISHED");

    const edited = await c.reviews.editReview({ reviewId: review.id, version: review.version, rating: 2, body: "Faded after a month." });
    expect(edited).toMatchObject({ rating: 2, status: "PUBLISHED", version: review.version + 1 });
    const stale = await refusal(c.reviews.editReview({ reviewId: review.id, version: review.version, rating: 3 }));
    expect(refusalDetails(stale)?.reason).toBe("version-conflict");
    const linked = await c.reviews.editReview({ reviewId: review.id, version: edited.version, body: "see bit.ly/xyz.com" });
    expect([linked.status, linked.holdReasons]).toEqual(["HELD", ["link"]]);
    const changes = (await reviewEvents(w.db)).filter((e) => e.payload.reviewId === review.id).map((e) => [e.type, e.payload.ratingChange]);
    expect(changes).toEqual([
      ["reviews.review.submitted", { removed: null, added: 5 }],
      ["reviews.review.edited", { removed: 5, added: 2 }],
      ["reviews.review.edited", { removed: 2, added: null }],
    ]);

    const other = await w.shopper("notauthor");
    expect((await refusal((await w.as(other)).reviews.editReview({ reviewId: review.id, version: linked.version, rating: 1 }))).code).toBe("NOT_FOUND");
    const later = await w.as(shopper, { now: new Date(Date.now() + 121 * 60_000) });
    const locked = await refusal(later.reviews.editReview({ reviewId: review.id, version: linked.version, rating: 1 }));
    expect([locked.code, refusalDetails(locked)?.reason]).toEqual(["CONFLICT", "edit-window-closed"]);
  });
});

describe("moderation, votes, reports and replies", () => {
  it("operators approve and reject with a reason; a second decision conflicts; a shopper or seller may not decide", async () => {
    const shopper = await w.shopper("mod");
    const { lineIds } = await w.order(shopper, acme, [acme.variantIds[4]!, acme.variantIds[5]!]);
    const c = await w.as(shopper);
    const a = await c.reviews.createReview({ orderLineId: lineIds[0]!, ...good, rating: 5 });
    const b = await c.reviews.createReview({ orderLineId: lineIds[1]!, ...good, body: "spam www.x" });
    const ops = await w.as(operator, { platformRole: "OPERATOR" });
    const pending = await ops.reviews.moderationQueue({ queue: "PENDING", limit: 50 });
    expect(pending.items.map((r) => r.id)).toContain(a.id);
    expect((await ops.reviews.moderationQueue({ queue: "HELD", limit: 50 })).items.find((r) => r.id === b.id)?.holdReasons).toEqual(["link"]);

    expect((await refusal(c.reviews.approveReview({ reviewId: a.id }))).code).toBe("FORBIDDEN");
    expect((await refusal((await w.as(acme.users.OWNER, { tenantId: acme.tenantId })).reviews.approveReview({ reviewId: a.id }))).code).toBe("FORBIDDEN");

    expect(await ops.reviews.approveReview({ reviewId: a.id })).toMatchObject({ status: "PUBLISHED", moderatedBy: operator });
    expect(refusalDetails(await refusal(ops.reviews.approveReview({ reviewId: a.id })))?.reason).toBe("not-awaiting-moderation");
    expect((await refusal(ops.reviews.rejectReview({ reviewId: b.id, reason: "" }))).code).toBe("BAD_REQUEST");
    expect(await ops.reviews.rejectReview({ reviewId: b.id, reason: "Links are not allowed." })).toMatchObject({ status: "REJECTED", rejectionReason: "Links are not allowed." });
    const decided = (await reviewEvents(w.db)).filter((e) => [a.id, b.id].includes(e.payload.reviewId as string) && e.type !== "reviews.review.submitted");
    expect(decided.map((e) => [e.type, e.payload.actorId, e.payload.ratingChange])).toEqual([
      ["reviews.review.published", operator, { removed: null, added: 5 }],
      ["reviews.review.rejected", operator, { removed: null, added: null }],
    ]);
    // The author sees why.
    expect((await c.reviews.myReviews()).find((r) => r.id === b.id)?.rejectionReason).toBe("Links are not allowed.");
  });

  it("count one helpful vote per user, sort by most helpful and page with a cursor", async () => {
    const seller = await w.autoPublishingSeller("votes", 3);
    const ids: string[] = [];
    for (const [i, variantId] of seller.variantIds.entries()) ids.push((await w.review(seller, variantId, `voter-author-${i}`)).id);
    const voter = await (await w.as(await w.shopper("voter"))).reviews;
    expect((await voter.voteHelpful({ reviewId: ids[0]! })).helpfulCount).toBe(1);
    expect((await voter.voteHelpful({ reviewId: ids[0]! })).helpfulCount).toBe(1);
    await (await w.as(await w.shopper("voter2"))).reviews.voteHelpful({ reviewId: ids[0]! });
    await voter.voteHelpful({ reviewId: ids[1]! });

    const anon = (await w.as(null)).reviews;
    const helpful = await anon.listProductReviews({ productId: seller.productId, sort: "most_helpful", limit: 2 });
    expect(helpful.items.map((r) => [r.id, r.helpfulCount])).toEqual([[ids[0], 2], [ids[1], 1]]);
    const rest = await anon.listProductReviews({ productId: seller.productId, sort: "most_helpful", limit: 2, cursor: helpful.nextCursor! });
    expect([rest.items.map((r) => r.id), rest.nextCursor]).toEqual([[ids[2]], null]);
    const newest = await anon.listProductReviews({ productId: seller.productId, sort: "newest", limit: 10 });
    expect(newest.items.map((r) => r.id)).toEqual([...ids].reverse());
    expect(newest.items[0]).not.toHaveProperty("authorUserId");
    expect(newest.items[0]).not.toHaveProperty("clientAddress");
    expect((await refusal(anon.listProductReviews({ productId: seller.productId, cursor: "not-a-cursor" }))).code).toBe("BAD_REQUEST");
  });

  it("take a report into the operators' REPORTED queue, once per user", async () => {
    const seller = await w.autoPublishingSeller("report", 1);
    const review = await w.review(seller, seller.variantIds[0]!, "reported");
    const reporter = (await w.as(await w.shopper("reporter"))).reviews;
    await reporter.reportReview({ reviewId: review.id, reason: "Fake review" });
    await reporter.reportReview({ reviewId: review.id, reason: "Fake review, again" });
    const queue = await (await w.as(operator, { platformRole: "SUPPORT" })).reviews.moderationQueue({ queue: "REPORTED", limit: 50 });
    const item = queue.items.find((r) => r.id === review.id)!;
    expect([item.reportCount, item.reports.map((r) => r.reason)]).toEqual([1, ["Fake review"]]);
  });

  it("let the reviewed seller reply once, publicly; another seller cannot", async () => {
    const seller = await w.autoPublishingSeller("reply", 1);
    const review = await w.review(seller, seller.variantIds[0]!, "replied");
    const staff = (await w.as(seller.users.STAFF, { tenantId: seller.tenantId })).reviews;
    const foreign = (await w.as(bolt.users.OWNER, { tenantId: bolt.tenantId })).reviews;
    expect((await refusal(foreign.replyToReview({ reviewId: review.id, body: "Not mine" }))).code).toBe("NOT_FOUND");
    expect((await refusal((await w.as(seller.users.VIEWER, { tenantId: seller.tenantId })).reviews.replyToReview({ reviewId: review.id, body: "x" }))).code).toBe("FORBIDDEN");
    await staff.replyToReview({ reviewId: review.id, body: "Thank you!" });
    expect(refusalDetails(await refusal(staff.replyToReview({ reviewId: review.id, body: "Again" })))?.reason).toBe("already-replied");
    const listed = await (await w.as(null)).reviews.listProductReviews({ productId: seller.productId });
    expect(listed.items[0]!.reply?.body).toBe("Thank you!");
    expect((await staff.tenantReviews({ limit: 10 })).items.map((r) => r.id)).toEqual([review.id]);
  });
});
