import type { Payout, Tx } from "@bazaar/db";
// Types only: the API server bundles this (webhook intake) and must not load provider SDKs.
import type { ProviderEvent, ProviderName } from "@bazaar/payments";
import { payoutReturnedLines, payoutSettledLines } from "./ledger-math";
import { post } from "./ledger.service";
import { transitionPayout } from "./payout-status";

// The provider's word on a transfer it accepted (decision 0028): `transfer.paid` moves the payout to PAID
// with its PAYOUT_SETTLED entry, `transfer.failed` to FAILED with PAYOUT_RETURNED (the seller is owed
// the money again and the next payout carries it). Called by the webhook intake inside the transaction
// that recorded the event in the inbox, so a redelivery never reaches here; a late or reordered event
// meets a payout already moved and changes nothing (conditional transitions, once-only source keys).

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type PayoutWebhookOutcome = "applied" | "ignored" | "unmatched";

async function findPayout(tx: Tx, provider: ProviderName, event: ProviderEvent): Promise<Payout | null> {
  const byRef = event.payoutRef && UUID.test(event.payoutRef) ? await tx.payout.findUnique({ where: { id: event.payoutRef } }) : null;
  if (byRef && byRef.provider === provider && (!byRef.transferId || !event.transferId || byRef.transferId === event.transferId)) return byRef;
  return event.transferId ? tx.payout.findFirst({ where: { provider, transferId: event.transferId } }) : null;
}

export const settledPosting = (p: Pick<Payout, "id" | "tenantId" | "currency" | "amount">, transferId: string | null, postedAt: Date) => ({
  tenantId: p.tenantId,
  kind: "PAYOUT_SETTLED" as const,
  sourceKey: `payout:${p.id}:settled`,
  currency: p.currency,
  payoutId: p.id,
  memo: `payout ${p.id} paid (${transferId ?? "transfer"})`,
  lines: payoutSettledLines(p.amount),
  postedAt,
});

export const returnedPosting = (p: Pick<Payout, "id" | "tenantId" | "currency" | "amount">, postedAt: Date) => ({
  tenantId: p.tenantId,
  kind: "PAYOUT_RETURNED" as const,
  sourceKey: `payout:${p.id}:returned`,
  currency: p.currency,
  payoutId: p.id,
  memo: `payout ${p.id} failed`,
  lines: payoutReturnedLines(p.amount),
  postedAt,
});

/**
 * Applies a `payout_paid` / `payout_failed` event to its payout. A webhook that overtook the transfer's
 * answer finds the payout still PENDING: it moves it through SENT (recording the transfer id) first.
 * A payout PAID or FAILED already ignores it: paid and failed are final.
 */
export async function applyPayoutEvent(tx: Tx, provider: ProviderName, event: ProviderEvent, now = new Date()): Promise<PayoutWebhookOutcome> {
  if (event.kind !== "payout_paid" && event.kind !== "payout_failed") return "ignored";
  const payout = await findPayout(tx, provider, event);
  if (!payout) return "unmatched";
  const transferId = event.transferId ?? payout.transferId;
  // Row lock: the payout runner's settle and a racing delivery of the other event queue here.
  const [row] = await tx.$queryRaw<{ status: Payout["status"] }[]>`SELECT status FROM payouts WHERE id = ${payout.id}::uuid FOR UPDATE`;
  let status = row!.status;
  if (status === "PAID" || status === "FAILED") return "ignored";
  if (event.kind === "payout_failed") {
    if (!(await transitionPayout(tx, payout.id, status, "FAILED", { transferId, failureCode: (event.failureCode ?? "transfer-failed").slice(0, 200) }))) return "ignored";
    await post(tx, returnedPosting(payout, now));
    return "applied";
  }
  if (status === "PENDING") {
    if (!(await transitionPayout(tx, payout.id, "PENDING", "SENT", { transferId }))) return "ignored";
    status = "SENT";
  }
  if (!(await transitionPayout(tx, payout.id, status, "PAID"))) return "ignored";
  await post(tx, settledPosting(payout, transferId, now));
  return "applied";
}
