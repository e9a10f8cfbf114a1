import { describe, expect, it } from "vitest";
import { couponReasonText, problemText } from "./cart-text";

describe("cart reasons", () => {
  it("reads the dry-run's reason and the refusal's coupon- form alike", () => {
    expect(couponReasonText("expired")).toBe("This coupon has expired.");
    expect(couponReasonText("coupon-expired")).toBe("This coupon has expired.");
    expect(couponReasonText(null)).toBe("There is no coupon with this code.");
    expect(couponReasonText("something-new")).toBe("This coupon does not apply to your cart.");
  });

  it("names line and seller problems", () => {
    expect(problemText("insufficient-stock")).toBe("not enough in stock");
    expect(problemText("coupon-below-minimum")).toBe("Your cart is below this coupon's minimum order value.");
  });
});
