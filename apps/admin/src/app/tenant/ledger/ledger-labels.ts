// Labels for the ledger and payout pages (the API's enums in the seller's words).

export const ENTRY_KIND_LABELS: Record<string, string> = {
  SALE: "Sale",
  REFUND: "Refund",
  CANCELLATION: "Cancellation",
  PAYOUT: "Payout",
  PAYOUT_SETTLED: "Payout paid",
  PAYOUT_RETURNED: "Payout returned",
  REFUND_REVERSAL: "Refund failed (reversed)",
};

export const PAYOUT_STATUS_LABELS: Record<string, string> = { PENDING: "Pending", SENT: "Sent", PAID: "Paid", FAILED: "Failed" };
