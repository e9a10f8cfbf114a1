import { asPlatform, type Db, type Tx } from "@bazaar/db";
import { ratingSummary } from "./review-read.service";

// The ratings read model (product_ratings, seller_ratings): count, sum and the 1–5 histogram of the
// PUBLISHED reviews of one subject. The projection recomputes a subject from the reviews table on each
// event that moved a star rather than adding the event's delta: the result is the same however often,
// late or out of order an event arrives (a DLQ replay after the inbox row was cleaned, a rebuild running
// beside the consumer), so rebuild and incremental cannot drift (docs/decisions/0023).

// Advisory-lock class for one subject's recompute; the object id is the subject. Taken before the
// aggregate is read, so of two recomputes of one subject the later one reads after the earlier
// committed and never writes an older count over a newer one.
const RATING_LOCK_CLASS = 0x72617465; // "rate"

const AGGREGATE = `count(*)::int AS count, coalesce(sum(rating), 0)::int AS sum,
  count(*) FILTER (WHERE rating = 1)::int AS star1, count(*) FILTER (WHERE rating = 2)::int AS star2,
  count(*) FILTER (WHERE rating = 3)::int AS star3, count(*) FILTER (WHERE rating = 4)::int AS star4,
  count(*) FILTER (WHERE rating = 5)::int AS star5`;
const SET_ALL = `count = EXCLUDED.count, sum = EXCLUDED.sum, star1 = EXCLUDED.star1, star2 = EXCLUDED.star2,
  star3 = EXCLUDED.star3, star4 = EXCLUDED.star4, star5 = EXCLUDED.star5, updated_at = now()`;
const COLUMNS = "count, sum, star1, star2, star3, star4, star5";

export type RatingSubject = { subject: "PRODUCT"; productId: string; tenantId: string } | { subject: "SELLER"; tenantId: string };

/** Recomputes one subject's rating in `tx` (the event's tenant or platform context) and returns it. */
export async function recomputeRating(tx: Tx, s: RatingSubject) {
  const key = s.subject === "PRODUCT" ? s.productId : s.tenantId;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${RATING_LOCK_CLASS}::int, hashtext(${key}))`;
  if (s.subject === "PRODUCT") {
    await tx.$executeRawUnsafe(
      `INSERT INTO product_ratings (product_id, tenant_id, ${COLUMNS})
       SELECT $1::uuid, $2::uuid, ${AGGREGATE} FROM reviews WHERE product_id = $1::uuid AND subject = 'PRODUCT' AND status = 'PUBLISHED'
       ON CONFLICT (product_id) DO UPDATE SET ${SET_ALL}`,
      s.productId,
      s.tenantId,
    );
    return ratingSummary(await tx.productRating.findUnique({ where: { productId: s.productId } }));
  }
  await tx.$executeRawUnsafe(
    `INSERT INTO seller_ratings (tenant_id, ${COLUMNS})
     SELECT $1::uuid, ${AGGREGATE} FROM reviews WHERE tenant_id = $1::uuid AND subject = 'SELLER' AND status = 'PUBLISHED'
     ON CONFLICT (tenant_id) DO UPDATE SET ${SET_ALL}`,
    s.tenantId,
  );
  return ratingSummary(await tx.sellerRating.findUnique({ where: { tenantId: s.tenantId } }));
}

/**
 * Rebuilds the whole read model from PostgreSQL in one transaction: every subject with published
 * reviews gets its aggregate, every other rating row goes to zero (as the projection leaves a subject
 * whose last review was rejected). Safe beside the running projection: both compute from the same rows.
 * Returns the product ids whose rating changed, for the search index to pick up.
 */
export function rebuildRatings(db: Db) {
  return asPlatform(db, async (tx) => {
    const before = new Map((await tx.productRating.findMany({ select: { productId: true, count: true, sum: true } })).map((r) => [r.productId, `${r.count}/${r.sum}`]));
    await tx.$executeRawUnsafe(
      `INSERT INTO product_ratings (product_id, tenant_id, ${COLUMNS})
       SELECT product_id, tenant_id, ${AGGREGATE} FROM reviews WHERE subject = 'PRODUCT' AND status = 'PUBLISHED' GROUP BY product_id, tenant_id
       ON CONFLICT (product_id) DO UPDATE SET ${SET_ALL}`,
    );
    await tx.$executeRawUnsafe(
      `UPDATE product_ratings r SET count = 0, sum = 0, star1 = 0, star2 = 0, star3 = 0, star4 = 0, star5 = 0, updated_at = now()
        WHERE r.count > 0 AND NOT EXISTS (SELECT 1 FROM reviews v WHERE v.product_id = r.product_id AND v.subject = 'PRODUCT' AND v.status = 'PUBLISHED')`,
    );
    await tx.$executeRawUnsafe(
      `INSERT INTO seller_ratings (tenant_id, ${COLUMNS})
       SELECT tenant_id, ${AGGREGATE} FROM reviews WHERE subject = 'SELLER' AND status = 'PUBLISHED' GROUP BY tenant_id
       ON CONFLICT (tenant_id) DO UPDATE SET ${SET_ALL}`,
    );
    await tx.$executeRawUnsafe(
      `UPDATE seller_ratings r SET count = 0, sum = 0, star1 = 0, star2 = 0, star3 = 0, star4 = 0, star5 = 0, updated_at = now()
        WHERE r.count > 0 AND NOT EXISTS (SELECT 1 FROM reviews v WHERE v.tenant_id = r.tenant_id AND v.subject = 'SELLER' AND v.status = 'PUBLISHED')`,
    );
    const after = await tx.productRating.findMany({ select: { productId: true, count: true, sum: true } });
    const changedProducts = after.filter((r) => before.get(r.productId) !== `${r.count}/${r.sum}`).map((r) => r.productId);
    return { products: after.length, sellers: await tx.sellerRating.count(), changedProducts };
  });
}
