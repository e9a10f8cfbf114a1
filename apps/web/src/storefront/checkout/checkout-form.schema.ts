import { shippingAddressSchema } from "@bazaar/api/checkout-schema";
import { z } from "zod";

// The checkout form is checked in the browser with the API's own address schema, so every field gets
// its message before anything is sent (the API's refusal of a nested address names only the address).

export const COUNTRIES = [
  { code: "DE", name: "Germany" },
  { code: "FR", name: "France" },
  { code: "NL", name: "Netherlands" },
  { code: "BE", name: "Belgium" },
  { code: "AT", name: "Austria" },
  { code: "IT", name: "Italy" },
  { code: "ES", name: "Spain" },
  { code: "GB", name: "United Kingdom" },
  { code: "US", name: "United States" },
] as const;

export const ADDRESS_FIELDS = ["name", "line1", "line2", "city", "region", "postalCode", "country", "phone"] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];

const emailSchema = z.email("an email address such as ada@example.com").max(254);

export interface CheckoutFormValues {
  email: string;
  address: Record<AddressField, string>;
}

export type CheckoutFieldErrors = Partial<Record<AddressField | "email", string>>;

/** The values ready for `checkout.placeOrder`, or the first message per field. Empty optional fields are left out. */
export function validateCheckout(values: CheckoutFormValues, guest: boolean): { ok: true; email?: string; address: z.infer<typeof shippingAddressSchema> } | { ok: false; errors: CheckoutFieldErrors } {
  const errors: CheckoutFieldErrors = {};
  const raw = Object.fromEntries(Object.entries(values.address).filter(([, v]) => v.trim() !== ""));
  const address = shippingAddressSchema.safeParse(raw);
  if (!address.success) {
    for (const issue of address.error.issues) {
      const field = issue.path[0] as AddressField;
      errors[field] ??= issue.code === "invalid_type" ? "required" : issue.message;
    }
  }
  const email = guest ? emailSchema.safeParse(values.email.trim()) : null;
  if (email && !email.success) errors.email = email.error.issues[0]?.message ?? "an email address";
  if (!address.success || (email && !email.success)) return { ok: false, errors };
  return { ok: true, address: address.data, ...(email?.success ? { email: email.data } : {}) };
}
