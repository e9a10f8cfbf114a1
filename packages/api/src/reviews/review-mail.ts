import type { Tx } from "@bazaar/db";
import type { EventOf } from "@bazaar/events";

// Who is told what about a review, for the review-notifier worker: the seller's OWNERs and ADMINs on a
// new review, the author when theirs is published or rejected. Read in the event's tenant context.

export type ReviewMail =
  | { template: "review-received"; to: string; idempotencyKey: string; data: { subjectName: string; rating: number; title: string; published: boolean } }
  | { template: "review-published"; to: string; idempotencyKey: string; data: { name: string; subjectName: string; rating: number } }
  | { template: "review-rejected"; to: string; idempotencyKey: string; data: { name: string; subjectName: string; reason: string } };

type ReviewEvent = EventOf<"reviews.review.submitted"> | EventOf<"reviews.review.published"> | EventOf<"reviews.review.rejected">;

const clip = (s: string) => s.slice(0, 200);

async function subjectName(tx: Tx, tenantId: string, productId: string | null): Promise<string> {
  if (productId) {
    const product = await tx.product.findUnique({ where: { id: productId }, select: { title: true } });
    if (product) return clip(product.title);
  }
  const tenant = await tx.tenant.findUnique({ where: { id: tenantId }, select: { name: true } });
  return clip(tenant?.name ?? "your order");
}

/** The mails one review event asks for (none for a review that no longer exists or no recipient). */
export async function reviewMailsFor(tx: Tx, event: ReviewEvent): Promise<ReviewMail[]> {
  const p = event.payload;
  const review = await tx.review.findUnique({ where: { id: p.reviewId }, select: { title: true } });
  if (!review) return [];
  const name = await subjectName(tx, p.tenantId, p.productId);
  const key = (who: string) => `${event.type}:${event.id}:${who}`;
  const author = await tx.user.findUnique({ where: { id: p.authorUserId }, select: { email: true, name: true } });
  const toAuthor = (): ReviewMail[] =>
    author ? [{ template: "review-published", to: author.email, idempotencyKey: key(p.authorUserId), data: { name: clip(author.name), subjectName: name, rating: p.rating } }] : [];
  if (event.type === "reviews.review.submitted") {
    const published = event.payload.status === "PUBLISHED";
    const members = await tx.membership.findMany({
      where: { tenantId: p.tenantId, role: { in: ["OWNER", "ADMIN"] } },
      select: { userId: true, user: { select: { email: true } } },
      orderBy: { userId: "asc" },
    });
    const seller = members.map((m) => ({
      template: "review-received" as const,
      to: m.user.email,
      idempotencyKey: key(m.userId),
      data: { subjectName: name, rating: p.rating, title: clip(review.title), published },
    }));
    // Published at once (the seller auto-publishes): the author hears it as after an approval.
    return published ? [...seller, ...toAuthor()] : seller;
  }
  if (!author) return [];
  if (event.type === "reviews.review.published") return toAuthor();
  return [{ template: "review-rejected", to: author.email, idempotencyKey: key(p.authorUserId), data: { name: clip(author.name), subjectName: name, reason: event.payload.reason } }];
}
