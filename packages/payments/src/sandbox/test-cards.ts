// The sandbox's test cards: Stripe's numbers where Stripe has one, plus a card whose processor answers
// late (Stripe has none), so a webhook can arrive long after the shopper left the page.

export type CardOutcome =
  | { kind: "success" }
  | { kind: "decline"; code: "card_declined"; declineCode: "generic_decline" | "insufficient_funds"; message: string }
  | { kind: "challenge" }
  | { kind: "late" };

export const TEST_CARDS = {
  success: "4242424242424242",
  decline: "4000000000000002",
  insufficientFunds: "4000000000009995",
  threeDSecure: "4000000000003220",
  lateProcessor: "4000000000001000",
} as const;

/** API-side payment methods (confirm without the hosted page), named like Stripe's test tokens. */
const PAYMENT_METHODS: Record<string, string> = {
  pm_card_visa: TEST_CARDS.success,
  pm_card_chargeDeclined: TEST_CARDS.decline,
  pm_card_chargeDeclinedInsufficientFunds: TEST_CARDS.insufficientFunds,
  pm_card_threeDSecureRequired: TEST_CARDS.threeDSecure,
};

export function cardForPaymentMethod(pm: string): string | undefined {
  return PAYMENT_METHODS[pm];
}

export function cardOutcome(number: string): CardOutcome | undefined {
  switch (number.replace(/[\s-]/g, "")) {
    case TEST_CARDS.success:
      return { kind: "success" };
    case TEST_CARDS.decline:
      return { kind: "decline", code: "card_declined", declineCode: "generic_decline", message: "Your card was declined." };
    case TEST_CARDS.insufficientFunds:
      return { kind: "decline", code: "card_declined", declineCode: "insufficient_funds", message: "Your card has insufficient funds." };
    case TEST_CARDS.threeDSecure:
      return { kind: "challenge" };
    case TEST_CARDS.lateProcessor:
      return { kind: "late" };
    default:
      return undefined;
  }
}
