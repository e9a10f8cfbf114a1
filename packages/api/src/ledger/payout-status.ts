import type { PayoutStatus, Prisma, Tx } from "@bazaar/db";
import { ConflictError } from "../errors";

// A payout's lifecycle: PENDING (the balance is set aside in the ledger, the transfer not yet accepted)
// → SENT (the provider accepted the transfer, money on its way) → PAID; or FAILED from PENDING or SENT
// (the money goes back to the seller's balance). `transitionPayout` is the only writer of the status:
// one conditional UPDATE on (id, status), so two runners finishing the same payout move it once.

export const PAYOUT_TRANSITIONS: Record<PayoutStatus, readonly PayoutStatus[]> = {
  PENDING: ["SENT", "FAILED"],
  SENT: ["PAID", "FAILED"],
  PAID: [],
  FAILED: [],
};

export const canMovePayout = (from: PayoutStatus, to: PayoutStatus): boolean => PAYOUT_TRANSITIONS[from]?.includes(to) ?? false;

export class IllegalPayoutTransitionError extends ConflictError {
  constructor(payoutId: string, from: PayoutStatus, to: PayoutStatus) {
    super(`a payout that is ${from} cannot become ${to}`, { reason: "illegal-payout-transition", payoutId, from, to });
    this.name = "IllegalPayoutTransitionError";
  }
}

/** Moves the payout from `from` to `to`; false when it was not in `from` (someone else moved it first). */
export async function transitionPayout(
  tx: Tx,
  payoutId: string,
  from: PayoutStatus,
  to: PayoutStatus,
  data: Pick<Prisma.PayoutUpdateManyMutationInput, "transferId" | "failureCode"> = {},
): Promise<boolean> {
  if (!canMovePayout(from, to)) throw new IllegalPayoutTransitionError(payoutId, from, to);
  const { count } = await tx.payout.updateMany({ where: { id: payoutId, status: from }, data: { ...data, status: to, leaseUntil: null, updatedAt: new Date() } });
  return count === 1;
}
