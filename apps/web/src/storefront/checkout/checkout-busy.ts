import type { ApiErrorView } from "@bazaar/next-kit/api-error";

// When the checkout sagas are behind, `checkout.placeOrder` holds a checkout at the door and, after a
// while, refuses it with SERVICE_UNAVAILABLE / `checkout-busy` (docs/decisions/0032). Nothing was
// written, so the same attempt (same idempotency key, same cart) may simply be sent again: the form
// does that by itself a few times, counting down, before it hands the button back to the shopper.

/** How many times the form tries a busy checkout again on its own. */
export const BUSY_RETRIES = 3;

/** The longest the form waits between two tries, whatever the API asks. */
const MAX_DELAY_SECONDS = 30;

/** Whether `error` is the API's "checkout is busy" refusal. */
export function isCheckoutBusy(error: ApiErrorView): boolean {
  return error.code === "SERVICE_UNAVAILABLE" && error.details?.reason === "checkout-busy";
}

/**
 * Seconds to wait before sending the refused attempt again, or null when it should not be sent again by
 * itself: the refusal is not a busy one, or the form already tried `BUSY_RETRIES` times.
 */
export function busyRetryDelay(error: ApiErrorView, retriesSoFar: number): number | null {
  if (!isCheckoutBusy(error) || retriesSoFar >= BUSY_RETRIES) return null;
  // The API sends the wait as data.retryAfter (and the Retry-After header), and in the refusal's details.
  const asked = error.retryAfter ?? error.details?.retryAfterSeconds;
  const seconds = typeof asked === "number" && Number.isFinite(asked) ? Math.ceil(asked) : 2;
  return Math.min(MAX_DELAY_SECONDS, Math.max(1, seconds));
}

/** What the shopper reads while the form counts down to its next try. */
export function busyCountdownText(seconds: number): string {
  return `Lots of people are checking out right now. Trying again in ${seconds} s — keep this page open; nothing has been charged.`;
}

/** What the shopper reads once the form stopped trying by itself. */
export const BUSY_GAVE_UP_TEXT = "Checkout is very busy right now. Nothing has been charged and your cart is kept: please try again in a minute.";
