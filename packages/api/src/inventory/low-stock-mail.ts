import type { Tx } from "@bazaar/db";
import type { EventOf } from "@bazaar/events";

export interface LowStockMail {
  to: string;
  userId: string;
  data: { productName: string; sku: string; locationName: string; quantity: number; threshold: number };
  /** Stable per alert and recipient, so a redelivered event never mails twice. */
  idempotencyKey: string;
}

/**
 * The seller's mails for one `inventory.stock.low` (tenant context): one to each OWNER and ADMIN. The
 * threshold is on the variant's total over all active locations, which is what the mail reports.
 */
export async function lowStockRecipients(tx: Tx, event: EventOf<"inventory.stock.low">): Promise<LowStockMail[]> {
  const p = event.payload;
  const variant = await tx.productVariant.findFirst({
    where: { id: p.variantId, tenantId: p.tenantId },
    select: { title: true, product: { select: { title: true } } },
  });
  if (!variant) return [];
  const productName = variant.title && variant.title !== variant.product.title ? `${variant.product.title} – ${variant.title}` : variant.product.title;
  const members = await tx.membership.findMany({
    where: { tenantId: p.tenantId, role: { in: ["OWNER", "ADMIN"] } },
    select: { userId: true, user: { select: { email: true } } },
    orderBy: { userId: "asc" },
  });
  return members.map((m) => ({
    to: m.user.email,
    userId: m.userId,
    data: { productName: productName.slice(0, 200), sku: p.sku, locationName: "all locations", quantity: p.available, threshold: p.threshold },
    idempotencyKey: `low-stock:${event.id}:${m.userId}`,
  }));
}
