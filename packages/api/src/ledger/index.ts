// `@bazaar/api/ledger`: the seller ledger and payouts for in-process callers (the ledger workers in apps/workers).
export { postCapture, postCancellation, postRefund, postRefundFailure } from "./ledger-postings.service";
export { post, accountId, trialBalance, availableBalance } from "./ledger.service";
export { runPayouts, type PayoutDeps, type PayoutRun } from "./payouts.service";
export { PAYOUT_TRANSITIONS, canMovePayout, transitionPayout, IllegalPayoutTransitionError } from "./payout-status";
