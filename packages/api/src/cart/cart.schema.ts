import { z } from "zod";
import { cartLineSchema } from "./cart.store";

// Inputs of the cart procedures. A guest proves the cart is theirs with the secret token returned by
// `cart.create` (kept in a cookie by the storefront); a signed-in shopper's own cart needs no token.

const cartRef = {
  cartId: z.uuid(),
  token: z.string().min(16).max(100).regex(/^[A-Za-z0-9_-]+$/).optional(),
};
const versioned = { ...cartRef, expectedVersion: z.number().int().min(1) };

export const cartRefSchema = z.strictObject(cartRef);
export const setLineSchema = z.strictObject({ ...versioned, ...cartLineSchema.shape, quantity: z.number().int().min(0).max(99) });
export const setShippingSchema = z.strictObject({ ...versioned, tenantId: z.uuid(), rateCode: z.string().min(1).max(40).regex(/^[a-z0-9-]+$/) });
export const setRegionSchema = z.strictObject({ ...versioned, region: z.string().regex(/^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 country code") });
const couponCode = z.string().trim().min(3).max(40).regex(/^[A-Za-z0-9-]+$/, "letters, digits and dashes");
export const versionedCartSchema = z.strictObject(versioned);
export const couponSchema = z.strictObject({ ...versioned, code: couponCode });
export const checkCouponSchema = z.strictObject({ ...cartRef, code: couponCode });
export const mergeCartSchema = z.strictObject({ cartId: z.uuid(), token: cartRef.token.unwrap() });

export type CartRefInput = z.infer<typeof cartRefSchema>;
export type SetLineInput = z.infer<typeof setLineSchema>;
export type SetShippingInput = z.infer<typeof setShippingSchema>;
export type SetRegionInput = z.infer<typeof setRegionSchema>;
export type MergeCartInput = z.infer<typeof mergeCartSchema>;
export type VersionedCartInput = z.infer<typeof versionedCartSchema>;
export type CouponInput = z.infer<typeof couponSchema>;
export type CheckCouponInput = z.infer<typeof checkCouponSchema>;
