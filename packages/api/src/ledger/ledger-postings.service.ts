import type { Order, Tx } from "@bazaar/db";
import type { PayloadOf } from "@bazaar/events";
import { NotFoundError } from "../errors";
import { refundLines, saleLines, type PostingLine } from "./ledger-math";
import { post, posted } from "./ledger.service";

// Postings driven by events (apps/workers/src/ledger): the consumer calls these in its inbox
// transaction, in platform context. Each posting's source key makes it once-only on its own, so a
// replayed event (a new inbox id, a reprocessed DLQ message) still posts once.
//
// Which orders a capture covers: one payment pays every order of a group (checkout/saga-runner.ts). At
// confirmation it captures them all; at fulfilment it captures what the orders not cancelled by then
// owe. An order cancelled after the capture is refunded through `orders.order.cancelled`. So a capture
// covers exactly the group's orders that are not CANCELLED — judged under a per-order lock shared with
// the cancellation posting: whichever runs second sees what the first did (decision 0020).

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const saleKey = (orderId: string) => `sale:order:${orderId}`;

async function lockOrder(tx: Tx, orderId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`ledger-order:${orderId}`}, 0))`;
}

const negate = (lines: PostingLine[]) => lines.map((l) => ({ ...l, amount: -l.amount }));

/** `payments.payment.captured`: one SALE per order of the group the capture paid for. Returns the entries posted. */
export async function postCapture(tx: Tx, payload: PayloadOf<"payments.payment.captured">): Promise<string[]> {
  if (!UUID.test(payload.orderGroupRef)) return [];
  const orders = await tx.order.findMany({ where: { groupId: payload.orderGroupRef }, orderBy: { id: "asc" }, select: { id: true } });
  const entries: string[] = [];
  for (const { id } of orders) {
    await lockOrder(tx, id);
    const order = await tx.order.findUniqueOrThrow({ where: { id } });
    if (order.status === "CANCELLED" || order.status === "PENDING_PAYMENT") continue;
    const entry = await post(tx, {
      tenantId: order.tenantId,
      kind: "SALE",
      sourceKey: saleKey(order.id),
      currency: order.currency,
      orderId: order.id,
      memo: `sale: order ${order.id} (commission ${order.commissionPlan} ${order.commissionBps} bps)`,
      lines: saleLines(order),
    });
    if (entry) entries.push(entry);
  }
  return entries;
}

async function order(tx: Tx, orderId: string): Promise<Order> {
  const found = await tx.order.findUnique({ where: { id: orderId } });
  if (!found) throw new NotFoundError("order", { orderId });
  return found;
}

/**
 * `orders.order.cancelled`: a paid order cancelled by its seller. When its sale was posted (the capture
 * came first) the whole sale is reversed, commission and discount funding included; otherwise the
 * capture never covered it and there is nothing to reverse.
 */
export async function postCancellation(tx: Tx, payload: PayloadOf<"orders.order.cancelled">): Promise<string | null> {
  await lockOrder(tx, payload.orderId);
  if (!(await posted(tx, saleKey(payload.orderId)))) return null;
  const o = await order(tx, payload.orderId);
  return post(tx, {
    tenantId: o.tenantId,
    kind: "CANCELLATION",
    sourceKey: `cancel:order:${o.id}`,
    currency: o.currency,
    orderId: o.id,
    memo: `cancellation after capture: order ${o.id}`,
    lines: negate(saleLines(o)),
  });
}

async function lockRefund(tx: Tx, refundId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`ledger-refund:${refundId}`}, 0))`;
}

const refundKey = (refundId: string) => `refund:${refundId}`;

/**
 * `orders.order.refunded`: part or all of an order's captured money went back to the shopper. The seller
 * gives it back less the commission returned in proportion (decision 0020); after a payout this can
 * leave the seller's balance negative, which the next payout nets. A refund the provider refused before
 * this posting ran (its row FAILED) is not posted at all (decision 0028) — judged under the refund's lock,
 * which the failure's reversal takes too, so exactly one of "posted then reversed" or "never posted" holds.
 */
export async function postRefund(tx: Tx, payload: PayloadOf<"orders.order.refunded">): Promise<string | null> {
  await lockRefund(tx, payload.refundId);
  const refund = await tx.orderRefund.findUnique({ where: { id: payload.refundId }, select: { state: true } });
  if (refund?.state === "FAILED") return null;
  const o = await order(tx, payload.orderId);
  return post(tx, {
    tenantId: o.tenantId,
    kind: "REFUND",
    sourceKey: refundKey(payload.refundId),
    currency: o.currency,
    orderId: o.id,
    memo: `refund ${payload.refundId}: ${payload.reason}`,
    lines: refundLines(o, payload.amount, payload.refundedTotal - payload.amount),
  });
}

/**
 * `orders.refund.failed`: the provider refused the refund, so its posting (if it was made) is reversed
 * line for line — the exact negation of what was posted, not a recomputation. Nothing posted, nothing to
 * reverse (the refund posting will see the FAILED row and skip).
 */
export async function postRefundFailure(tx: Tx, payload: PayloadOf<"orders.refund.failed">): Promise<string | null> {
  await lockRefund(tx, payload.refundId);
  const entry = await tx.ledgerEntry.findUnique({ where: { sourceKey: refundKey(payload.refundId) }, include: { lines: { include: { account: { select: { code: true } } } } } });
  if (!entry) return null;
  return post(tx, {
    tenantId: entry.tenantId,
    kind: "REFUND_REVERSAL",
    sourceKey: `${refundKey(payload.refundId)}:failed`,
    currency: entry.currency,
    orderId: entry.orderId,
    memo: `refund ${payload.refundId} failed at the provider: reversed`,
    lines: negate(entry.lines.map((l) => ({ code: l.account.code, amount: l.amount }))),
  });
}
