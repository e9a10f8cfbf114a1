import type { ApiErrorView } from "@bazaar/next-kit/api-error";
import { describe, expect, it } from "vitest";
import { BUSY_RETRIES, busyCountdownText, busyRetryDelay, isCheckoutBusy } from "./checkout-busy";

const busy = (details: Record<string, unknown> = { reason: "checkout-busy", backlog: 20, retryAfterSeconds: 10 }): ApiErrorView => ({
  code: "SERVICE_UNAVAILABLE",
  message: "Checkout is busy; try again shortly.",
  fieldErrors: {},
  retryAfter: null,
  details,
});

describe("a busy checkout", () => {
  it("is the API's SERVICE_UNAVAILABLE with reason checkout-busy, nothing else", () => {
    expect(isCheckoutBusy(busy())).toBe(true);
    expect(isCheckoutBusy(busy({ reason: "something-else" }))).toBe(false);
    expect(isCheckoutBusy({ ...busy(), code: "CONFLICT" })).toBe(false);
    expect(isCheckoutBusy({ code: "UNKNOWN", message: "offline", fieldErrors: {}, retryAfter: null })).toBe(false);
  });

  it("is tried again after the seconds the API asks for, within 1 to 30 s", () => {
    expect(busyRetryDelay(busy(), 0)).toBe(10);
    expect(busyRetryDelay({ ...busy(), retryAfter: 4 }, 0)).toBe(4);
    expect(busyRetryDelay(busy({ reason: "checkout-busy", retryAfterSeconds: 0.2 }), 0)).toBe(1);
    expect(busyRetryDelay(busy({ reason: "checkout-busy", retryAfterSeconds: 600 }), 0)).toBe(30);
    // An answer without a usable delay still waits a moment rather than hammering the API.
    expect(busyRetryDelay(busy({ reason: "checkout-busy" }), 0)).toBe(2);
    expect(busyRetryDelay(busy({ reason: "checkout-busy", retryAfterSeconds: "soon" }), 0)).toBe(2);
  });

  it(`is tried again by itself ${BUSY_RETRIES} times, then left to the shopper`, () => {
    const delays = Array.from({ length: BUSY_RETRIES + 2 }, (_, tries) => busyRetryDelay(busy(), tries));
    expect(delays.filter((d) => d !== null)).toHaveLength(BUSY_RETRIES);
    expect(delays.slice(BUSY_RETRIES)).toEqual([null, null]);
  });

  it("other refusals are never retried by the form", () => {
    expect(busyRetryDelay({ ...busy(), code: "BAD_REQUEST", details: { reason: "out-of-stock" } }, 0)).toBeNull();
  });

  it("tells the shopper when the next try comes and that nothing was charged", () => {
    expect(busyCountdownText(3)).toMatch(/Trying again in 3 s.*nothing has been charged/);
  });
});
