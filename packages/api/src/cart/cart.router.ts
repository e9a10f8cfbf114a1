import { authedProcedure, createTRPCRouter, publicProcedure } from "../trpc";
import { cartRefSchema, checkCouponSchema, couponSchema, mergeCartSchema, setLineSchema, setRegionSchema, setShippingSchema, versionedCartSchema } from "./cart.schema";
import { applyCoupon, checkCoupon, createCart, getCart, mergeCart, myCart, removeCoupon, setLine, setRegion, setShipping } from "./cart.service";

/**
 * Carts. Public: a guest holds the cart id and its secret token (a cookie); a signed-in shopper's own
 * cart needs no token. Every write names the version it read (`expectedVersion`); a stale one is
 * CONFLICT `stale-version`, a concurrent writer CONFLICT `cart-locked`: re-read and retry.
 */
export const cartRouter = createTRPCRouter({
  create: publicProcedure.mutation(({ ctx }) => createCart(ctx, ctx.session?.userId ?? null)),
  get: publicProcedure.input(cartRefSchema).query(({ ctx, input }) => getCart(ctx, input, ctx.session?.userId ?? null)),
  setLine: publicProcedure.input(setLineSchema).mutation(({ ctx, input }) => setLine(ctx, input, ctx.session?.userId ?? null)),
  setShipping: publicProcedure.input(setShippingSchema).mutation(({ ctx, input }) => setShipping(ctx, input, ctx.session?.userId ?? null)),
  setRegion: publicProcedure.input(setRegionSchema).mutation(({ ctx, input }) => setRegion(ctx, input, ctx.session?.userId ?? null)),
  applyCoupon: publicProcedure.input(couponSchema).mutation(({ ctx, input }) => applyCoupon(ctx, input, ctx.session?.userId ?? null)),
  removeCoupon: publicProcedure.input(versionedCartSchema).mutation(({ ctx, input }) => removeCoupon(ctx, input, ctx.session?.userId ?? null)),
  /** Dry-run: what a code would take off, or why it does not apply. */
  checkCoupon: publicProcedure.input(checkCouponSchema).query(({ ctx, input }) => checkCoupon(ctx, input, ctx.session?.userId ?? null)),
  mine: authedProcedure.query(({ ctx }) => myCart(ctx, ctx.session.userId)),
  merge: authedProcedure.input(mergeCartSchema).mutation(({ ctx, input }) => mergeCart(ctx, ctx.session.userId, input)),
});
