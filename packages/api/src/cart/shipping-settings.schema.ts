import { z } from "zod";
import { currencySchema, minorAmountSchema } from "../catalog/catalog.fields";
import { text } from "../validation/text.schema";

// Inputs of the shipping-rate, checkout-settings and tax-rate procedures. A rate's code is what a cart
// stores as the shopper's choice (cart.setShipping takes the same pattern), so it is a lower-case slug.

export const rateCodeSchema = z.string().trim().min(1).max(40).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "lower-case letters, digits and single dashes");
const rateNameSchema = text({ max: 120 });
const rateIdSchema = z.uuid();

const rateFields = {
  code: rateCodeSchema,
  name: rateNameSchema,
  kind: z.enum(["FLAT", "WEIGHT"]),
  currency: currencySchema,
  baseAmount: minorAmountSchema,
  /** Per started kilogram; only a WEIGHT rate charges it (a FLAT rate stores 0). */
  perKgAmount: minorAmountSchema.default(0),
};

export const createRateSchema = z.strictObject(rateFields);
export const updateRateSchema = z.strictObject({
  id: rateIdSchema,
  code: rateFields.code.optional(),
  name: rateFields.name.optional(),
  kind: rateFields.kind.optional(),
  currency: rateFields.currency.optional(),
  baseAmount: rateFields.baseAmount.optional(),
  perKgAmount: minorAmountSchema.optional(),
});
export const rateIdInputSchema = z.strictObject({ id: rateIdSchema });

export const checkoutSettingsSchema = z.strictObject({
  pricesIncludeTax: z.boolean(),
  captureAt: z.enum(["CONFIRMATION", "FULFILMENT"]),
});

export const regionSchema = z.string().trim().regex(/^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 country code");
export const upsertTaxRateSchema = z.strictObject({
  region: regionSchema,
  /** Basis points: 1900 is 19 %. 0 is a real rate (zero-rated), distinct from no row (also 0, but unlisted). */
  rateBps: z.number().int("whole basis points").min(0).max(10_000),
});
export const taxRegionInputSchema = z.strictObject({ region: regionSchema });

export type CreateRateInput = z.infer<typeof createRateSchema>;
export type UpdateRateInput = z.infer<typeof updateRateSchema>;
export type CheckoutSettingsInput = z.infer<typeof checkoutSettingsSchema>;
export type UpsertTaxRateInput = z.infer<typeof upsertTaxRateSchema>;
