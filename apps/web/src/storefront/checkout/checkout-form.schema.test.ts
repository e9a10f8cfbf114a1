import { describe, expect, it } from "vitest";
import { validateCheckout, type CheckoutFormValues } from "./checkout-form.schema";

const filled: CheckoutFormValues = {
  email: "ada@example.com",
  address: { name: "Ada Lovelace", line1: "1 Analytical Way", line2: "", city: "Berlin", region: "", postalCode: "10115", country: "DE", phone: "" },
};

describe("the checkout form", () => {
  it("accepts a complete address and leaves empty optional fields out", () => {
    const result = validateCheckout(filled, true);
    expect(result).toEqual({ ok: true, email: "ada@example.com", address: { name: "Ada Lovelace", line1: "1 Analytical Way", city: "Berlin", postalCode: "10115", country: "DE" } });
  });

  it("names every wrong field, one message each", () => {
    const result = validateCheckout({ email: "not-an-email", address: { ...filled.address, name: "", postalCode: "!", country: "" } }, true);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(["country", "email", "name", "postalCode"]);
    expect(result.errors.name).toBe("required");
    expect(result.errors.postalCode).toBe("a postal code");
  });

  it("asks a signed-in shopper for no email", () => {
    expect(validateCheckout({ ...filled, email: "" }, false)).toMatchObject({ ok: true });
  });
});
