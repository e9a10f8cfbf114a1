import type { OrderLine, Tx } from "@bazaar/db";
import { receiveStock } from "../inventory/inventory.service";

// Restocking a refund: the refunded quantities go back, through the inventory service (level, ledger
// row and `inventory.stock.received` in the refund's transaction), to the locations the order's
// reservation sold them from.

export async function restockRefundedLines(
  tx: Tx,
  actor: { tenantId: string; actorId: string },
  order: { id: string; reservationId: string | null; lines: OrderLine[] },
  lines: { orderLineId: string; quantity: number }[],
  refundId: string,
): Promise<void> {
  const sold = order.reservationId
    ? await tx.stockReservation.findMany({ where: { groupId: order.reservationId }, select: { variantId: true, locationId: true, quantity: true }, orderBy: { createdAt: "asc" } })
    : [];
  for (const refunded of lines) {
    const line = order.lines.find((l) => l.id === refunded.orderLineId)!;
    let left = refunded.quantity;
    const from = sold.filter((s) => s.variantId === line.variantId);
    for (const [i, s] of from.entries()) {
      // The last location takes whatever is left, so nothing refunded is lost to rounding of the split.
      const quantity = i === from.length - 1 ? left : Math.min(left, s.quantity);
      if (quantity <= 0) break;
      await receiveStock(tx, actor.tenantId, actor.actorId, { variantId: line.variantId, locationId: s.locationId, quantity, reason: `refund ${refundId}` });
      left -= quantity;
    }
  }
}
