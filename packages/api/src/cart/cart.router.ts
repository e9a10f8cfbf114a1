import { authedProcedure, createTRPCRouter, publicProcedure } from "../trpc";
import { cartRefSchema, mergeCartSchema, setLineSchema, setRegionSchema, setShippingSchema } from "./cart.schema";
import { createCart, getCart, mergeCart, myCart, setLine, setRegion, setShipping } from "./cart.service";

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
  mine: authedProcedure.query(({ ctx }) => myCart(ctx, ctx.session.userId)),
  merge: authedProcedure.input(mergeCartSchema).mutation(({ ctx, input }) => mergeCart(ctx, ctx.session.userId, input)),
});
