import { describe, expect, it } from "vitest";
import { cartCookieValue, parseCartCookie } from "./cart-cookie";

const ref = { cartId: "0b7c4a52-3a5e-4d0e-9a55-6f1f8a1e2d3c", token: "abcdefghijklmnop_QRS-123" };

describe("the guest cart cookie", () => {
  it("reads back what it wrote, encoded or not", () => {
    expect(parseCartCookie(cartCookieValue(ref))).toEqual(ref);
    expect(parseCartCookie(encodeURIComponent(cartCookieValue(ref)))).toEqual(ref);
  });

  it("is no cart when missing, tampered or malformed", () => {
    expect(parseCartCookie(undefined)).toBeNull();
    expect(parseCartCookie("")).toBeNull();
    expect(parseCartCookie(`not-a-uuid.${ref.token}`)).toBeNull();
    expect(parseCartCookie(`${ref.cartId}.short`)).toBeNull();
    expect(parseCartCookie(`${ref.cartId}.${ref.token}.extra`)).toBeNull();
    expect(parseCartCookie(`${ref.cartId}.${ref.token}<script>`)).toBeNull();
  });
});
