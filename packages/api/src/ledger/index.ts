// `@bazaar/api/ledger`: the seller ledger and payouts for in-process callers (the ledger workers in apps/workers).
export { postCapture, postCancellation, postRefund } from "./ledger-postings.service";
export { post, accountId, trialBalance } from "./ledger.service";
export { runPayouts, availableBalance, type PayoutDeps, type PayoutRun } from "./payouts.service";
export { PAYOUT_TRANSITIONS, canMovePayout, transitionPayout, IllegalPayoutTransitionError } from "./payout-status";
