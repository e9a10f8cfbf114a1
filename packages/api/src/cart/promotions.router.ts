import { asPlatform } from "@bazaar/db";
import { z } from "zod";
import { createTRPCRouter, platformProcedure, tenantProcedure } from "../trpc";
import { createPromotion } from "./promotions.service";

// Creating coupons: a seller's own (funded by the seller, MANAGER) or the marketplace's (funded by the
// platform, OPERATOR). Shoppers apply them through `cart.applyCoupon` and test them with `cart.checkCoupon`.

const createPromotionSchema = z
  .strictObject({
    code: z.string().trim().regex(/^[A-Za-z0-9-]{3,40}$/, "3–40 letters, digits and dashes"),
    kind: z.enum(["PERCENTAGE", "FIXED", "FREE_SHIPPING"]),
    /** Basis points for PERCENTAGE (1–10000), minor units for FIXED; ignored for FREE_SHIPPING. */
    value: z.number().int().min(0).max(99_999_999).default(0),
    currency: z.string().regex(/^[A-Z]{3}$/).optional(),
    minSubtotalAmount: z.number().int().min(0).max(99_999_999).optional(),
    startsAt: z.date().optional(),
    endsAt: z.date().optional(),
    usageLimit: z.number().int().min(1).max(10_000_000).optional(),
    perCustomerLimit: z.number().int().min(1).max(1_000).optional(),
  })
  .refine((p) => p.kind !== "PERCENTAGE" || (p.value >= 1 && p.value <= 10_000), { message: "a percentage is 1–10000 basis points", path: ["value"] })
  .refine((p) => p.kind !== "FIXED" || (p.value > 0 && p.currency !== undefined), { message: "a fixed amount needs a value and a currency", path: ["value"] })
  .refine((p) => !p.startsAt || !p.endsAt || p.startsAt < p.endsAt, { message: "ends before it starts", path: ["endsAt"] });

export const promotionsRouter = createTRPCRouter({
  create: tenantProcedure("MANAGER").input(createPromotionSchema).mutation(({ ctx, input }) => createPromotion(ctx.db, ctx.tenant.id, input)),
  list: tenantProcedure("VIEWER").query(({ ctx }) => ctx.db.promotion.findMany({ orderBy: { createdAt: "desc" }, take: 200 })),
  createMarketplace: platformProcedure("OPERATOR").input(createPromotionSchema).mutation(({ ctx, input }) => asPlatform(ctx.db, (tx) => createPromotion(tx, null, input))),
});
