import { rebuildRatings } from "@bazaar/api/reviews";
import { insertOrder, insertShopper } from "@bazaar/api/reviews/testing";
import { startTestSearch, type TestSearch } from "@bazaar/api/search/testing";
import { asPlatform } from "@bazaar/db";
import { physicalTopic, type EventOf } from "@bazaar/events";
import { createHandlerSpy, waitUntil } from "@bazaar/events/testing";
import { mailpit } from "@bazaar/notifications/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notificationsWorker } from "../notifications/notifications.worker";
import { startTenancyHarness, type TenancyHarness } from "../onboarding/onboarding.testing";
import { createOutboxRelayWorker } from "../outbox-relay/outbox-relay.worker";
import { createSearchProjectionWorker } from "../search/search-projection.consumer";
import { applyReviewEvent, createRatingsProjectionWorker } from "./ratings-projection.consumer";
import { createReviewNotifierWorker } from "./review-notifier.consumer";

// The reviews workers hosted as the workers app hosts them, over real PostgreSQL, Kafka, OpenSearch and
// Mailpit: reviews written and moderated through the router travel outbox → Kafka → ratings projection
// (PostgreSQL read model) → reviews.rating.recomputed → search projection (the product's document), and
// → review notifier → notifications worker → SMTP. Every wait is a bounded poll for the effect.

const mailbox = mailpit();
const spy = createHandlerSpy();
let h: TenancyHarness;
let s: TestSearch;
const seller = { tenantId: "", productId: "", variantIds: [] as string[], ownerEmail: "", storeSlug: "" };
let operator = "";

beforeAll(async () => {
  s = await startTestSearch("reviews");
  h = await startTenancyHarness("reviews_workers", (deps) => [
    createOutboxRelayWorker(deps),
    createRatingsProjectionWorker(deps, { observer: spy }),
    createReviewNotifierWorker(deps, { reviewsUrl: "http://127.0.0.1:3001/tenant/reviews" }),
    notificationsWorker.create(deps),
    createSearchProjectionWorker(deps, { client: s.backend.client, prefix: s.prefix }),
  ]);
  await asPlatform(h.db, async (tx) => {
    seller.storeSlug = `rated-${h.runId}`;
    const tenant = await tx.tenant.create({ data: { slug: seller.storeSlug, name: "Rated Co", type: "SELLER_BUSINESS", plan: "PRO" } });
    const store = await tx.store.create({ data: { tenantId: tenant.id, name: "Rated Co", slug: seller.storeSlug } });
    const product = await tx.product.create({ data: { tenantId: tenant.id, storeId: store.id, title: "Walnut bowl", handle: "walnut-bowl", status: "PUBLISHED", publishedAt: new Date() } });
    for (let i = 0; i < 4; i++) {
      seller.variantIds.push((await tx.productVariant.create({ data: { tenantId: tenant.id, productId: product.id, sku: `BOWL-${i}`, title: `Size ${i}`, priceAmount: 3_900, currency: "EUR", position: i } })).id);
    }
    seller.ownerEmail = `owner.${h.runId}@rated.test`;
    const owner = await tx.user.create({ data: { email: seller.ownerEmail, name: "Owner", passwordHash: "unused" } });
    await tx.membership.create({ data: { tenantId: tenant.id, userId: owner.id, role: "OWNER" } });
    operator = (await tx.user.create({ data: { email: `op.${h.runId}@ops.test`, name: "Op", passwordHash: "unused", platformRole: "OPERATOR" } })).id;
    Object.assign(seller, { tenantId: tenant.id, productId: product.id });
  });
}, 120_000);

afterAll(async () => {
  await h?.close();
  await s?.close();
});

const as = (userId: string | null, platformRole: "NONE" | "OPERATOR" = "NONE") => h.caller({ session: userId ? { userId, platformRole } : null });
const ratingRows = () =>
  asPlatform(h.db, async (tx) => ({
    products: (await tx.productRating.findMany({ where: { count: { gt: 0 } }, orderBy: { productId: "asc" }, omit: { updatedAt: true } })),
    sellers: (await tx.sellerRating.findMany({ where: { count: { gt: 0 } }, orderBy: { tenantId: "asc" }, omit: { updatedAt: true } })),
  }));

async function reviewBy(label: string, variantIndex: number, rating: number) {
  const shopper = await insertShopper(h.db, `${label}.${h.runId}`);
  const { lineIds } = await insertOrder(h.db, shopper, seller.tenantId, [seller.variantIds[variantIndex]!]);
  const review = await (await as(shopper)).reviews.createReview({ orderLineId: lineIds[0]!, rating, title: `${rating} stars from ${label}`, body: "Turned by hand." });
  return { shopper, review, email: `${label}.${h.runId}@shopper.test` };
}

describe("the ratings read model", () => {
  it("counts approved reviews only, feeds the search document, and mails seller and authors", async () => {
    const ada = await reviewBy("ada", 0, 5);
    const bo = await reviewBy("bo", 1, 4);
    const cy = await reviewBy("cy", 2, 1);
    const ops = await as(operator, "OPERATOR");
    await ops.reviews.approveReview({ reviewId: ada.review.id });
    await ops.reviews.approveReview({ reviewId: bo.review.id });
    await ops.reviews.rejectReview({ reviewId: cy.review.id, reason: "Not about the bowl." });
    // A seller review of Ada's order counts for the seller only.
    const adaOrders = await (await as(ada.shopper)).reviews.myReviewable();
    const sellerReview = await (await as(ada.shopper)).reviews.createSellerReview({ orderId: adaOrders[0]!.orderId, rating: 3, title: "Slow shipping", body: "But well packed." });
    await ops.reviews.approveReview({ reviewId: sellerReview.id });

    const anon = await as(null);
    const rating = await waitUntil(
      async () => {
        const r = await anon.reviews.productRating({ productId: seller.productId });
        return r.count === 2 && r;
      },
      { timeoutMs: 60_000, intervalMs: 200, description: "product rating of the two approved reviews" },
    );
    expect(rating).toEqual({ average: 4.5, count: 2, histogram: { 1: 0, 2: 0, 3: 0, 4: 1, 5: 1 } });
    await waitUntil(async () => (await anon.reviews.sellerRating({ tenantId: seller.tenantId })).count === 1, { timeoutMs: 60_000, intervalMs: 200, description: "seller rating" });
    expect(await anon.reviews.sellerRating({ tenantId: seller.tenantId })).toEqual({ average: 3, count: 1, histogram: { 1: 0, 2: 0, 3: 1, 4: 0, 5: 0 } });

    // The search document: rating, the rating facet and sort by rating.
    const hit = await waitUntil(
      async () => (await anon.search.searchProducts({ storeSlug: seller.storeSlug })).hits.find((x) => x.id === seller.productId && x.ratingCount === 2),
      { timeoutMs: 60_000, intervalMs: 200, description: "search document has the rating" },
    );
    expect(hit).toMatchObject({ ratingAverage: 4.5, ratingCount: 2 });
    const atLeast4 = await anon.search.searchProducts({ storeSlug: seller.storeSlug, filters: { ratingMin: 4 }, sort: "rating" });
    expect(atLeast4.hits.map((x) => x.id)).toEqual([seller.productId]);
    expect(atLeast4.facets?.rating.find((f) => f.min === 4)?.count).toBe(1);

    const [received] = await mailbox.waitForMessages(seller.ownerEmail, 3, { timeoutMs: 60_000, intervalMs: 200 });
    expect(received!.Subject).toMatch(/^New \d-star review of (Walnut bowl|Rated Co)$/);
    const [published] = await mailbox.waitForMessages(ada.email, 2, { timeoutMs: 60_000, intervalMs: 200 });
    expect(published!.Subject).toMatch(/^Your review of (Walnut bowl|Rated Co) is published$/);
    const [rejected] = await mailbox.waitForMessages(cy.email, 1, { timeoutMs: 60_000, intervalMs: 200 });
    expect(rejected!.Subject).toBe("Your review of Walnut bowl was not published");
    expect(rejected!.Text).toContain("Not about the bowl.");
  });

  it("changes the rating once when a review event is delivered twice, and a rebuild from PostgreSQL agrees", async () => {
    const dee = await reviewBy("dee", 3, 2);
    await (await as(operator, "OPERATOR")).reviews.approveReview({ reviewId: dee.review.id });
    const row = await asPlatform(h.db, (tx) => tx.outboxEvent.findFirstOrThrow({ where: { key: dee.review.id, type: "reviews.review.published" } }));
    await spy.waitFor(row.eventId, { outcome: "handled", timeoutMs: 60_000 });
    const before = await ratingRows();
    expect(before.products.find((p) => p.productId === seller.productId)).toMatchObject({ count: 3, sum: 11, star2: 1 });
    const recomputed = () => asPlatform(h.db, (tx) => tx.outboxEvent.count({ where: { type: "reviews.rating.recomputed", key: seller.productId } }));
    const recomputedBefore = await recomputed();

    const producer = h.kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic: physicalTopic("reviews.events", h.deps.naming), messages: [{ key: dee.review.id, value: JSON.stringify(row.envelope) }] });
    } finally {
      await producer.disconnect();
    }
    await waitUntil(async () => spy.recordsFor(row.eventId).some((r) => r.outcome === "duplicate"), { timeoutMs: 60_000, intervalMs: 100, description: "redelivery seen as a duplicate" });
    expect(await ratingRows()).toEqual(before);
    expect(await recomputed()).toBe(recomputedBefore);

    // Past the inbox too (a replay after its row was cleaned): applying the event again lands on the same numbers.
    await asPlatform(h.db, (tx) => applyReviewEvent(row.envelope as unknown as EventOf<"reviews.review.published">, { tx }));
    expect(await ratingRows()).toEqual(before);

    // Rebuild = incremental, also from an emptied read model.
    await rebuildRatings(h.db);
    expect(await ratingRows()).toEqual(before);
    await asPlatform(h.db, async (tx) => {
      await tx.productRating.deleteMany({ where: { tenantId: seller.tenantId } });
      await tx.sellerRating.deleteMany({ where: { tenantId: seller.tenantId } });
    });
    const rebuilt = await rebuildRatings(h.db);
    expect(rebuilt.changedProducts).toContain(seller.productId);
    expect(await ratingRows()).toEqual(before);
  });

  it("tells the author at once when the seller auto-publishes", async () => {
    await asPlatform(h.db, (tx) => tx.reviewSettings.create({ data: { tenantId: seller.tenantId, autoPublish: true } }));
    const eve = await reviewBy("eve", 0, 3);
    expect(eve.review.status).toBe("PUBLISHED");
    const [mail] = await mailbox.waitForMessages(eve.email, 1, { timeoutMs: 60_000, intervalMs: 200 });
    expect(mail!.Subject).toBe("Your review of Walnut bowl is published");
    const toSeller = await waitUntil(
      async () => (await mailbox.messagesTo(seller.ownerEmail)).find((m) => m.Subject === "New 3-star review of Walnut bowl"),
      { timeoutMs: 60_000, intervalMs: 200, description: "seller told of the auto-published review" },
    );
    expect(toSeller.Text).toContain("It is public now.");
  });
});
